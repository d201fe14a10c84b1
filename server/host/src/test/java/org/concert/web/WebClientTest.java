package org.concert.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

/**
 * The web client end to end, in real headless Chromium against the real server: an instructor
 * creates a match; two students join from two browser contexts (one phone-sized); a bot fills
 * the third seat; a proposal is made and signed; orders are given (a bad one first, refused at
 * its field); the turn resolves; a student reloads and is back in the seat; the instructor
 * pauses, resumes and exports. Any console error or CSP violation fails the test. Screenshots go
 * to {@code target/screenshots/}.
 */
class WebClientTest extends ClassroomBrowser {
  @Test
  void aClassGame_fromCreationToExport() throws Exception {
    BrowserContext teacherContext = context(1366, 900);
    Page teacher = open(teacherContext, "instructor");
    teacher.navigate(base() + "#/host");
    teacher.getByLabel("Host token").fill(HOST_TOKEN);
    teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Open the console")).click();
    teacher.getByLabel("Scenario").selectOption("tutorial");
    teacher.getByLabel("Title").fill("Seminar 3");
    teacher.getByLabel("Offence–defence balance").selectOption("OFFENSE_DEFENSE_OFFENSE_DOMINANT");
    shot(teacher, "1-instructor-create");
    teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Create")).click();
    Locator caption = teacher.locator("table.monitor caption").first();
    assertThat(caption).containsText("Seminar 3");
    Matcher m = Pattern.compile("code ([A-Z0-9]{5})").matcher(caption.textContent());
    assertTrue(m.find(), caption.textContent());
    String code = m.group(1);

    // Two students, two browser contexts (one a phone), each takes a seat with a name.
    Page ada = student(1280, 860, code, "Northland", "Ada");
    Page bo = student(390, 844, code, "Westland", "Bo");
    assertThat(teacher.locator("table.monitor")).containsText("Ada");
    assertThat(teacher.locator("table.monitor")).containsText("Bo");

    // A bot fills the third seat; the instructor starts the match.
    teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Fill seats")).click();
    assertThat(teacher.locator("table.monitor")).containsText("bot: balancer");
    teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Start")).click();
    assertThat(ada.locator(".clock")).containsText("left in turn 1");
    shot(teacher, "2-instructor-monitor");

    // Ada proposes a non-aggression pact to Bo, who signs it.
    ada.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Diplomacy")).click();
    ada.locator("form.builder").getByLabel("Westland").check();
    ada.getByLabel("Kind of clause").selectOption("defensiveAlliance");
    ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add this clause")).click();
    assertThat(ada.locator("form.builder .preview")).containsText("defensive alliance");
    ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send the proposal")).click();
    bo.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Diplomacy")).click();
    assertThat(bo.locator("ul.inbox")).containsText("Northland proposes: Northland, Westland — defensive");
    shot(bo, "3-student-phone-inbox");
    bo.locator("ul.inbox li").filter(new Locator.FilterOptions()
        .setHasText("Northland proposes: Northland, Westland — defensive"))
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Accept")).click();
    assertThat(ada.locator("ul.treaties")).containsText("defensive alliance");

    // Orders: the new ally can be left alone if it calls (the form follows the treaty at once);
    // an army Ada cannot pay for is refused at its field; then a good set is saved.
    ada.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("Orders")).click();
    assertThat(ada.locator("form.orders input[data-aside][value=WES]")).hasCount(1);
    // From the map: Nordhold's army (by mouse), then the Crossroads (by keyboard); the form
    // follows and the map draws the move. A province that is not next to it is explained.
    ada.locator("svg.map [data-province=nordhold] circle").click();
    assertThat(ada.locator(".picked")).containsText("Army of 3 in Nordhold chosen");
    assertThat(ada.locator("svg.map .plan .chosen[data-province=nordhold]")).hasCount(1);
    ada.locator("svg.map [data-province=westgate]").press("Enter");
    assertThat(ada.locator(".picked")).containsText("Westgate is not next to Nordhold");
    ada.locator("svg.map [data-province=crossroads]").press("Enter");
    assertThat(ada.locator(".picked")).containsText("Move 3 from Nordhold to The Crossroads");
    assertThat(ada.getByLabel("Order for the army in Nordhold")).hasValue("move");
    assertThat(ada.locator("form.orders li").filter(new Locator.FilterOptions()
        .setHasText("Army of 3 in Nordhold")).getByLabel("Move or support into"))
        .hasValue("crossroads");
    assertThat(ada.locator("svg.map .plan line.move[data-from=nordhold][data-to=crossroads]"))
        .hasCount(1);
    assertThat(ada.locator("svg.map .plan .chosen")).hasCount(0);
    Locator raise = ada.locator("form.orders input[aria-label^='Strength to raise'], form.orders"
        + " .field input[type=number]").first();
    raise.fill("999");
    ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check and save orders")).click();
    assertThat(ada.locator("form.orders [aria-invalid=true]").first()).isVisible();
    assertThat(ada.locator("form.orders .error:visible").first()).not().isEmpty();
    shot(ada, "4-student-order-refused");
    raise.fill("0");
    ada.getByLabel("Invest gold").fill("5");
    ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check and save orders")).click();
    assertThat(ada.locator(".summary")).containsText("Invest 5 gold.");
    assertThat(ada.locator(".summary")).containsText("Move 3 from Nordhold to The Crossroads.");

    // Both ready: the turn resolves (the bot is ready by itself).
    ada.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ready: end my turn")).click();
    bo.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ready: end my turn")).click();
    assertThat(ada.locator(".clock")).containsText("left in turn 2");
    ada.getByRole(AriaRole.TAB, new Page.GetByRoleOptions().setName("News")).click();
    assertThat(ada.locator("ol.feed")).containsText("invested 5 gold");
    shot(ada, "5-student-after-the-turn");

    // A reload puts Ada back in her seat.
    ada.reload();
    assertThat(ada.locator("#where")).containsText("Ada");
    assertThat(ada.locator(".status h2")).containsText("turn 2");

    // The instructor pauses, resumes, and exports.
    teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Pause")).click();
    assertThat(ada.locator(".clock")).containsText("Paused");
    teacher.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Resume")).click();
    assertThat(ada.locator(".clock")).containsText("left in turn 2");
    Download download = teacher.waitForDownload(() -> teacher.getByRole(AriaRole.BUTTON,
        new Page.GetByRoleOptions().setName("Export for grading")).click());
    List<String> files = new ArrayList<>();
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(download.path()))) {
      for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
        String name = e.getName().substring(e.getName().indexOf('/') + 1);
        files.add(name);
        if (name.equals("transcript-NOR-ada.txt")) {
          String transcript = new String(zip.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
          assertTrue(transcript.startsWith("Transcript of Ada, NOR"), transcript);
          assertTrue(transcript.contains("economy { invest: 5 }"), transcript);
          assertTrue(transcript.contains("diplomacy: propose"), transcript);
          assertTrue(transcript.contains("  ready"), transcript);
        }
      }
    }
    assertTrue(files.containsAll(List.of("orders.csv", "messages.csv", "treaties.csv",
        "events.csv", "match.json", "transcript-NOR-ada.txt", "transcript-WES-bo.txt")), files.toString());
    shot(teacher, "6-instructor-after-export");

    assertEquals(List.of(), problems);
    teacherContext.close();
    ada.context().close();
    bo.context().close();
  }
}

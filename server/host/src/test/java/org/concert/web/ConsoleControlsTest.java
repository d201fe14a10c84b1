package org.concert.web;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The instructor's other controls and the students' other ways of talking, in the browser:
 * parallel worlds, announcements and story events, more minutes, auto-advance off and on,
 * reassigning a seat (its old holder is told), a group message, and a counter-proposal.
 */
class ConsoleControlsTest extends ClassroomBrowser {
  static Page.GetByRoleOptions named(String name) {
    return new Page.GetByRoleOptions().setName(name);
  }

  @Test
  void aSeatKeptForABotProgram_showsAsSuch_andNoStudentCanChooseIt(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path elsewhere) throws Exception {
    try (var own = serve(elsewhere, LOOPBACK, null)) { // the other test steers the first match
      String base = "http://127.0.0.1:" + own.httpPort() + "/";
      Page teacher = open(context(1366, 900), "instructor");
      teacher.navigate(base + "#host=" + HOST_TOKEN);
      teacher.getByLabel("Scenario").selectOption("tutorial");
      teacher.locator("summary", new Page.LocatorOptions().setHasText("Seats for bot programs"))
          .click();
      teacher.getByLabel("Eastland").check();
      teacher.getByRole(AriaRole.BUTTON, named("Create")).click();
      assertThat(teacher.locator("table.monitor")).containsText("kept for a bot program");
      Matcher m = Pattern.compile("code ([A-Z0-9]{5})").matcher(
          teacher.locator("table.monitor caption").first().textContent());
      assertTrue(m.find());

      Page dana = open(context(1280, 860), "Dana");
      dana.navigate(base + "#/join/" + m.group(1));
      Locator eastland = dana.getByLabel("Eastland", new Page.GetByLabelOptions().setExact(false));
      assertThat(eastland).isDisabled();
      assertThat(dana.locator("ul.seats")).containsText("kept for a bot program");
      assertThat(dana.getByLabel("Westland", new Page.GetByLabelOptions().setExact(false)))
          .isEnabled();

      // One seat to a bot of the host's choice, then every empty one: the kept seat stays free.
      teacher.locator("table.monitor caption").first().getByRole(AriaRole.BUTTON, new Locator
          .GetByRoleOptions().setName("Steer")).click();
      teacher.getByLabel("Give to a bot").selectOption("WES");
      teacher.getByLabel("namely").selectOption("hawk");
      teacher.getByRole(AriaRole.BUTTON, named("Fill seats")).click();
      Locator rows = teacher.locator("table.monitor tr");
      assertThat(rows.filter(new Locator.FilterOptions().setHasText("Westland")))
          .containsText("bot: hawk");
      assertThat(rows.filter(new Locator.FilterOptions().setHasText("Northland")))
          .containsText("free");
      teacher.getByLabel("Give to a bot").selectOption("");
      teacher.getByLabel("namely").selectOption("balancer");
      teacher.getByRole(AriaRole.BUTTON, named("Fill seats")).click();
      assertThat(rows.filter(new Locator.FilterOptions().setHasText("Northland")))
          .containsText("bot: balancer");
      assertThat(rows.filter(new Locator.FilterOptions().setHasText("Eastland")))
          .containsText("kept for a bot program");
      assertEquals(List.of(), problems);
    }
  }

  @Test
  void worldsAnnouncementsMinutesReassigning_groupsAndCounters() throws Exception {
    Page teacher = open(context(1366, 900), "instructor");
    teacher.navigate(base() + "#host=" + HOST_TOKEN);
    teacher.getByLabel("Scenario").selectOption("tutorial");
    teacher.getByLabel("Title").fill("Two worlds");
    teacher.getByLabel("Parallel worlds").fill("2");
    teacher.getByRole(AriaRole.BUTTON, named("Create")).click();
    assertThat(teacher.locator("table.monitor")).hasCount(2);
    Matcher m = Pattern.compile("code ([A-Z0-9]{5})").matcher(
        teacher.locator("table.monitor caption").first().textContent());
    assertTrue(m.find());
    String code = m.group(1);

    Page ada = student(1280, 860, code, "Northland", "Ada");
    Page bo = student(1280, 860, code, "Westland", "Bo");
    Page cy = student(1280, 860, code, "Eastland", "Cy");
    teacher.locator("table.monitor caption").first().getByRole(AriaRole.BUTTON, new Locator
        .GetByRoleOptions().setName("Steer")).click();
    teacher.getByRole(AriaRole.BUTTON, named("Start")).click();
    assertThat(ada.locator(".clock")).containsText("left in turn 1");

    // An announcement and a story event reach everyone's news.
    teacher.getByLabel("Announce to everyone").fill("The Congress opens in Vienna.");
    teacher.getByRole(AriaRole.BUTTON, named("Announce")).click();
    teacher.getByLabel("Inject a story event").fill("A harvest failure in the East.");
    teacher.getByRole(AriaRole.BUTTON, named("Inject")).click();
    ada.getByRole(AriaRole.TAB, named("News")).click();
    assertThat(ada.locator("ol.feed")).containsText("The host: The Congress opens in Vienna.");
    assertThat(ada.locator("ol.feed")).containsText("News: A harvest failure in the East.");

    // Five more minutes: the countdown jumps from under ten minutes to over fourteen.
    assertThat(ada.locator(".clock")).containsText("9:");
    teacher.getByRole(AriaRole.BUTTON, named("Add 5 minutes")).click();
    assertThat(ada.locator(".clock")).containsText("14:");

    // A group message reaches its members and no one else.
    ada.getByRole(AriaRole.TAB, named("Chat")).click();
    ada.getByLabel("Send to", new Page.GetByLabelOptions().setExact(true)).selectOption("group");
    ada.locator("form.chatform").getByLabel("Westland").check();
    ada.getByLabel("Group name").fill("Western League");
    ada.getByLabel("Message", new Page.GetByLabelOptions().setExact(true)).fill("Shall we stand together?");
    ada.getByRole(AriaRole.BUTTON, named("Send")).click();
    bo.getByRole(AriaRole.TAB, named("Chat")).click();
    assertThat(bo.locator("ol.chatlog")).containsText("group Western League");
    assertThat(bo.locator("ol.chatlog")).containsText("Shall we stand together?");
    cy.getByRole(AriaRole.TAB, named("Chat")).click();
    assertThat(cy.locator("ol.chatlog")).not().containsText("Shall we stand together?");

    // A counter-proposal: Bo answers Ada's pact with one of his own terms.
    ada.getByRole(AriaRole.TAB, named("Diplomacy")).click();
    ada.locator("form.builder").getByLabel("Westland").check();
    ada.getByRole(AriaRole.BUTTON, named("Add this clause")).click();
    ada.getByRole(AriaRole.BUTTON, named("Send the proposal")).click();
    bo.getByRole(AriaRole.TAB, named("Diplomacy")).click();
    bo.locator("ul.inbox li").filter(new Locator.FilterOptions().setHasText("Northland proposes"))
        .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Counter…")).click();
    assertThat(bo.locator("form.builder .preview")).containsText("non-aggression");
    bo.locator("form.builder").getByLabel("Duration in years (0: until renounced)").fill("3");
    bo.getByRole(AriaRole.BUTTON, named("Send the proposal")).click();
    assertThat(ada.locator("ul.inbox")).containsText("Westland proposes");
    assertThat(ada.locator("ul.inbox")).containsText("for 3 years");
    shot(ada, "student-counter-proposal");

    // Auto-advance off: everyone is ready, and the turn waits for the instructor; back on, it ends.
    teacher.getByRole(AriaRole.BUTTON, named("Auto-advance: on")).click();
    assertThat(ada.locator(".clock")).containsText("the host ends the turn");
    for (Page p : List.of(ada, bo, cy)) {
      p.getByRole(AriaRole.BUTTON, named("Ready: end my turn")).click();
    }
    assertThat(ada.locator("ul.ready li.yes")).hasCount(3);
    assertThat(ada.locator(".clock")).containsText("turn 1");
    teacher.getByRole(AriaRole.BUTTON, named("Auto-advance: off")).click();
    assertThat(ada.locator(".clock")).containsText("left in turn 2");

    // The seat of Westland goes to someone else: Bo's page says so, and Bo's token is dead.
    teacher.getByLabel("Reassign the seat of").selectOption("WES");
    teacher.getByLabel("to (name; empty frees it)").fill("Dee");
    teacher.getByRole(AriaRole.BUTTON, named("Reassign")).click();
    assertThat(teacher.locator("table.monitor").first()).containsText("Dee");
    bo.reload();
    assertThat(bo.locator("main h1")).hasText("This seat is no longer yours");
    shot(teacher, "instructor-two-worlds");

    assertEquals(List.of(), problems);
  }
}

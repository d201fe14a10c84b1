package org.concert.server.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StaticFilesTest {

  @ParameterizedTest
  @CsvSource({"/, index.html", "/app.js, app.js", "/maps/, maps/index.html", "/maps/vienna.svg, maps/vienna.svg"})
  void relative_mapsPathsBelowTheRoot(String path, String relative) {
    assertEquals(relative, StaticFiles.relative(path));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "app.js", "/../x", "/a/../../x", "/./x", "/a//b", "/.git/config", "/..",
      "/a\\..\\x", "/C:/x", "/a\u0000.js"})
  void relative_refusesWhatCouldLeaveTheRootOrIsHidden(String path) {
    assertNull(StaticFiles.relative(path));
  }

  @Test
  void find_inADirectory_servesFilesWithTheirTypes_andRefusesLinksOut(@TempDir Path dir) throws Exception {
    Path web = Files.createDirectories(dir.resolve("web"));
    Files.writeString(web.resolve("index.html"), "<p>hi</p>");
    Files.writeString(web.resolve("style.css"), "p{}");
    Files.writeString(dir.resolve("secret.txt"), "secret");
    Files.createSymbolicLink(web.resolve("out.txt"), dir.resolve("secret.txt"));
    StaticFiles files = StaticFiles.of(NetConfig.WebRoot.directory(web));

    StaticFiles.Found index = assertInstanceOf(StaticFiles.Found.class, files.find("/"));
    assertArrayEquals("<p>hi</p>".getBytes(StandardCharsets.UTF_8), index.body());
    assertEquals("text/html; charset=utf-8", index.contentType());
    assertEquals("text/css; charset=utf-8",
        assertInstanceOf(StaticFiles.Found.class, files.find("/style.css")).contentType());
    assertInstanceOf(StaticFiles.Missing.class, files.find("/nothing.js"));
    assertInstanceOf(StaticFiles.Refused.class, files.find("/out.txt"));
    assertInstanceOf(StaticFiles.Refused.class, files.find("/../secret.txt"));
  }

  @Test
  void find_onTheClasspath_readsResourcesBelowTheFolderOnly() {
    StaticFiles files = StaticFiles.of(NetConfig.WebRoot.classpath("/org/concert/server/net/"));

    StaticFiles.Found found = assertInstanceOf(StaticFiles.Found.class, files.find("/StaticFilesTest.class"));
    assertEquals("application/octet-stream", found.contentType());
    assertInstanceOf(StaticFiles.Missing.class, files.find("/"));
    assertInstanceOf(StaticFiles.Refused.class, files.find("/../Endpoint.class"));
  }

  @Test
  void find_withoutAWebRoot_findsNothing() {
    assertInstanceOf(StaticFiles.Missing.class, StaticFiles.of(NetConfig.WebRoot.none()).find("/"));
  }
}

package org.concert.server.net;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.zip.CRC32;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * The web client's files, from a directory or a classpath folder. A request path is taken apart
 * into segments before anything is opened: {@code .} and {@code ..}, hidden names (a leading dot),
 * empty segments, backslashes, colons and NULs are refused outright, and a directory's resolved
 * file must still lie inside the directory after symbolic links are followed. {@code /} and
 * {@code /dir/} mean their {@code index.html}.
 *
 * <p>Files found are kept in a bounded cache (by bytes), so reading from disk or the jar happens
 * once per file (for a directory, again after a couple of seconds, to pick up edits while the client
 * is developed). That read is on the event loop: files are small and local, and the cache keeps it
 * rare.
 */
final class StaticFiles {

  /** What a path resolves to. */
  sealed interface Lookup {}

  /** A file to serve. */
  record Found(byte[] body, String contentType, String etag) implements Lookup {}

  /** Nothing there (or no web client configured). */
  record Missing() implements Lookup {}

  /** A path that tries to leave the root, or names what is never served. */
  record Refused() implements Lookup {}

  private static final Logger LOG = LogManager.getLogger(StaticFiles.class);
  private static final int LARGEST_FILE = 8 * 1024 * 1024;
  private static final long CACHE_BYTES = 32L * 1024 * 1024;
  private static final Lookup MISSING = new Missing();
  private static final Lookup REFUSED = new Refused();

  private interface Source {
    /** The file's bytes, or {@link #MISSING} / {@link #REFUSED}. */
    Object read(String relative) throws IOException;
  }

  private final Source source;
  private final Cache<String, Found> cache;

  private StaticFiles(Source source, Duration freshFor) {
    this.source = source;
    Caffeine<Object, Object> builder = Caffeine.newBuilder().maximumWeight(CACHE_BYTES);
    if (freshFor != null) {
      builder.expireAfterWrite(freshFor);
    }
    this.cache = builder.<String, Found>weigher((path, file) -> file.body().length).build();
  }

  static StaticFiles of(NetConfig.WebRoot root) {
    if (root instanceof NetConfig.WebRoot.Directory directory) {
      return new StaticFiles(directorySource(directory.path()), Duration.ofSeconds(2));
    }
    if (root instanceof NetConfig.WebRoot.Classpath classpath) {
      return new StaticFiles(classpathSource(classpath.folder()), null);
    }
    return new StaticFiles(relative -> MISSING, null);
  }

  /** Resolves a decoded request path (starting with {@code /}). */
  Lookup find(String path) {
    String relative = relative(path);
    if (relative == null) {
      return REFUSED;
    }
    Found cached = cache.getIfPresent(relative);
    if (cached != null) {
      return cached;
    }
    Object read;
    try {
      read = source.read(relative);
    } catch (NoSuchFileException e) {
      return MISSING;
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not read web file {}: {}", relative, e.toString());
      return MISSING;
    }
    if (!(read instanceof byte[] body)) {
      return (Lookup) read;
    }
    Found found = new Found(body, contentType(relative), etag(body));
    cache.put(relative, found);
    return found;
  }

  /** The path below the root, {@code index.html} filled in, or null if it is refused. */
  static String relative(String path) {
    if (path == null || !path.startsWith("/")) {
      return null;
    }
    String relative = path.substring(1);
    if (relative.isEmpty() || relative.endsWith("/")) {
      relative += "index.html";
    }
    for (String segment : relative.split("/", -1)) {
      if (segment.isEmpty() || segment.startsWith(".")
          || segment.indexOf('\\') >= 0 || segment.indexOf(':') >= 0 || segment.indexOf('\0') >= 0) {
        return null;
      }
    }
    return relative;
  }

  private static Source directorySource(Path directory) {
    Path root = directory.toAbsolutePath().normalize();
    return relative -> {
      Path file = root.resolve(relative).normalize();
      if (!file.startsWith(root)) {
        return REFUSED;
      }
      if (!Files.isRegularFile(file)) {
        return MISSING;
      }
      Path real = file.toRealPath();
      if (!real.startsWith(root.toRealPath())) {
        return REFUSED; // a symbolic link out of the root
      }
      if (Files.size(real) > LARGEST_FILE) {
        LOG.warn("web file {} is over {} bytes; not served", relative, LARGEST_FILE);
        return MISSING;
      }
      return Files.readAllBytes(real);
    };
  }

  private static Source classpathSource(String folder) {
    ClassLoader loader = StaticFiles.class.getClassLoader();
    return relative -> {
      URL url = loader.getResource(folder + "/" + relative);
      if (url == null) {
        return MISSING;
      }
      if ("file".equals(url.getProtocol())) {
        try {
          if (!Files.isRegularFile(Path.of(url.toURI()))) {
            return MISSING;
          }
        } catch (URISyntaxException | IllegalArgumentException e) {
          return MISSING;
        }
      }
      URLConnection connection = url.openConnection();
      connection.setUseCaches(false);
      if (connection instanceof JarURLConnection jar && jar.getJarEntry() != null
          && jar.getJarEntry().isDirectory()) {
        return MISSING;
      }
      try (InputStream in = connection.getInputStream()) {
        byte[] body = in.readNBytes(LARGEST_FILE + 1);
        if (body.length > LARGEST_FILE) {
          LOG.warn("web file {} is over {} bytes; not served", relative, LARGEST_FILE);
          return MISSING;
        }
        return body;
      }
    };
  }

  static String contentType(String path) {
    int dot = path.lastIndexOf('.');
    String extension = dot < 0 ? "" : path.substring(dot + 1).toLowerCase(Locale.ROOT);
    return switch (extension) {
      case "html", "htm" -> "text/html; charset=utf-8";
      case "js", "mjs" -> "text/javascript; charset=utf-8";
      case "css" -> "text/css; charset=utf-8";
      case "json", "map" -> "application/json";
      case "webmanifest" -> "application/manifest+json";
      case "svg" -> "image/svg+xml";
      case "png" -> "image/png";
      case "jpg", "jpeg" -> "image/jpeg";
      case "gif" -> "image/gif";
      case "webp" -> "image/webp";
      case "ico" -> "image/x-icon";
      case "woff2" -> "font/woff2";
      case "woff" -> "font/woff";
      case "txt" -> "text/plain; charset=utf-8";
      case "wasm" -> "application/wasm";
      default -> "application/octet-stream";
    };
  }

  private static String etag(byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    return String.format(Locale.ROOT, "\"%08x-%x\"", crc.getValue(), body.length);
  }
}

package org.concert.arena;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.concert.bots.Bot;
import org.concert.bots.reference.Balancer;
import org.concert.bots.reference.Bandwagoner;
import org.concert.bots.reference.BuckPasser;
import org.concert.bots.reference.ConcertStatesman;
import org.concert.bots.reference.Defensive;
import org.concert.bots.reference.Hawk;
import org.concert.bots.reference.RandomBot;
import org.concert.bots.reference.Reciprocator;
import org.concert.bots.reference.Richardson;

/**
 * How a bot is named on the command line: a reference bot by name ({@code balancer},
 * {@code richardson:k=0.3,a=0.2,g=2}), an author's class on the class path ({@code
 * class:com.example.MyBot}), or a class in a jar ({@code jar:path/to/bot.jar:com.example.MyBot}).
 * A spec makes a fresh bot for every seat of every match.
 */
public final class BotSpec {
  /** The reference bots by name, with what each embodies. */
  public static final Map<String, String> REFERENCE = referenceNames();

  private final String text;
  private final String name;
  private final Supplier<Bot> factory;

  private BotSpec(String text, String name, Supplier<Bot> factory) {
    this.text = text;
    this.name = name;
    this.factory = factory;
  }

  private static Map<String, String> referenceNames() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("balancer", "allies against the strongest or most threatening power");
    m.put("bandwagoner", "aligns with the strongest power");
    m.put("buckpasser", "arms little, avoids commitments, lets others balance");
    m.put("hawk", "offensive realist: maximises relative power, takes what it can");
    m.put("defensive", "defensive realist: arms to match threat, forts, status quo");
    m.put("richardson", "arms follow x' = x + k*y - a*x + g against its rival (k, a, g)");
    m.put("reciprocator", "tit for tat on treaties and aggression");
    m.put("concert", "joins and keeps a concert of the great powers");
    m.put("random", "legal random orders, the baseline");
    return Map.copyOf(m);
  }

  /** Every reference bot name, in a fixed order. */
  public static List<String> referenceNamesInOrder() {
    return List.of("balancer", "bandwagoner", "buckpasser", "hawk", "defensive", "richardson",
        "reciprocator", "concert", "random");
  }

  /**
   * Parses a spec.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  public static BotSpec parse(String text) {
    String t = text.trim();
    if (t.startsWith("class:")) {
      String cls = t.substring("class:".length());
      Class<? extends Bot> type = load(cls, BotSpec.class.getClassLoader(), text);
      return new BotSpec(text, simpleName(cls), () -> instantiate(type, text));
    }
    if (t.startsWith("jar:")) {
      String rest = t.substring("jar:".length());
      int colon = rest.lastIndexOf(':');
      if (colon <= 0) {
        throw new IllegalArgumentException("bot \"" + text + "\": write jar:PATH:CLASS");
      }
      Path jar = Path.of(rest.substring(0, colon));
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException("bot \"" + text + "\": no jar at " + jar);
      }
      String cls = rest.substring(colon + 1);
      try {
        URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()},
            BotSpec.class.getClassLoader());
        Class<? extends Bot> type = load(cls, loader, text);
        return new BotSpec(text, simpleName(cls), () -> instantiate(type, text));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    String name = t;
    String params = "";
    int colon = t.indexOf(':');
    if (colon >= 0) {
      name = t.substring(0, colon);
      params = t.substring(colon + 1);
    }
    Map<String, Double> p = parameters(params, text);
    return switch (name) {
      case "balancer" -> plain(text, name, p, Balancer::new);
      case "bandwagoner" -> plain(text, name, p, Bandwagoner::new);
      case "buckpasser" -> plain(text, name, p, BuckPasser::new);
      case "hawk" -> plain(text, name, p, Hawk::new);
      case "defensive" -> plain(text, name, p, Defensive::new);
      case "reciprocator" -> plain(text, name, p, Reciprocator::new);
      case "concert" -> plain(text, name, p, ConcertStatesman::new);
      case "random" -> plain(text, name, p, RandomBot::new);
      case "richardson" -> {
        for (String key : p.keySet()) {
          if (!List.of("k", "a", "g").contains(key)) {
            throw new IllegalArgumentException(
                "bot \"" + text + "\": richardson takes k, a and g, not " + key);
          }
        }
        double k = p.getOrDefault("k", 0.3);
        double a = p.getOrDefault("a", 0.2);
        double g = p.getOrDefault("g", 2.0);
        new Richardson(k, a, g); // fail now, not in a match, if the parameters are wrong
        yield new BotSpec(text, params.isEmpty() ? name : name + ":" + params,
            () -> new Richardson(k, a, g));
      }
      default -> throw new IllegalArgumentException("unknown bot \"" + name + "\"; the reference "
          + "bots are " + String.join(", ", referenceNamesInOrder())
          + ", or use class:NAME or jar:PATH:CLASS");
    };
  }

  /** Parses a comma-separated list of specs (parameters use commas too, after a colon). */
  public static List<BotSpec> parseList(String text) {
    List<String> parts = new ArrayList<>();
    for (String token : text.split(",")) {
      boolean parameter = token.contains("=") && !token.contains(":") && !parts.isEmpty();
      if (parameter) {
        parts.set(parts.size() - 1, parts.get(parts.size() - 1) + "," + token);
      } else {
        parts.add(token);
      }
    }
    List<BotSpec> out = new ArrayList<>();
    for (String part : parts) {
      if (!part.isBlank()) {
        out.add(parse(part));
      }
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("no bots named");
    }
    return out;
  }

  private static BotSpec plain(String text, String name, Map<String, Double> p,
      Supplier<Bot> make) {
    if (!p.isEmpty()) {
      throw new IllegalArgumentException("bot \"" + text + "\": " + name + " takes no parameters");
    }
    return new BotSpec(text, name, make);
  }

  private static Map<String, Double> parameters(String params, String text) {
    Map<String, Double> out = new LinkedHashMap<>();
    if (params.isEmpty()) {
      return out;
    }
    for (String kv : params.split(",")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("bot \"" + text + "\": parameter \"" + kv
            + "\" is not NAME=NUMBER");
      }
      try {
        out.put(kv.substring(0, eq).trim(), Double.parseDouble(kv.substring(eq + 1).trim()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bot \"" + text + "\": \"" + kv.substring(eq + 1)
            + "\" is not a number");
      }
    }
    return out;
  }

  private static Class<? extends Bot> load(String cls, ClassLoader loader, String text) {
    try {
      Class<?> c = Class.forName(cls, true, loader);
      if (!Bot.class.isAssignableFrom(c)) {
        throw new IllegalArgumentException("bot \"" + text + "\": " + cls
            + " does not implement org.concert.bots.Bot");
      }
      return c.asSubclass(Bot.class);
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("bot \"" + text + "\": no class " + cls);
    }
  }

  private static Bot instantiate(Class<? extends Bot> type, String text) {
    try {
      return type.getDeclaredConstructor().newInstance();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException("bot \"" + text + "\": " + type.getName()
          + " needs a public constructor without arguments");
    } catch (InstantiationException | IllegalAccessException e) {
      throw new IllegalArgumentException("bot \"" + text + "\": cannot create "
          + type.getName() + ": " + e.getMessage());
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException("bot \"" + text + "\": its constructor threw "
          + e.getCause());
    }
  }

  private static String simpleName(String cls) {
    return cls.substring(cls.lastIndexOf('.') + 1);
  }

  /** A new bot. */
  public Bot create() {
    return factory.get();
  }

  /** A short display name: the reference name with parameters, or the class's simple name. */
  public String name() {
    return name;
  }

  @Override
  public String toString() {
    return text;
  }
}

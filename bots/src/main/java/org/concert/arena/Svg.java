package org.concert.arena;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.DoubleFunction;
import java.util.function.DoubleUnaryOperator;
import java.util.function.IntToDoubleFunction;

/**
 * Inline SVG charts for the report, drawn from the numbers: a line chart and a grouped bar
 * chart. Every chart scales with its container (a {@code viewBox}, no fixed size), carries a
 * {@code <title>} and {@code <desc>} for screen readers, and tells its series apart by dash
 * pattern and marker shape as well as by colour. Labels are escaped here; callers pass plain
 * text.
 */
final class Svg {
  /** Dash patterns, by series style; the first is solid. */
  private static final String[] DASHES = {
    "", "9 4", "2 3", "11 3 2 3", "5 2", "14 3 3 3 3 3", "1 4", "16 5"
  };
  private static final int W = 720;
  private static final int H = 320;
  private static final int LEFT = 58;
  private static final int RIGHT = 64;
  private static final int TOP = 14;
  private static final int BOTTOM = 40;
  /** Most points a series may have and still get a marker (and a tooltip) at each. */
  private static final int MARKER_LIMIT = 40;

  private Svg() {}

  /** The dash pattern of a series style, "" for solid. */
  static String dash(int style) {
    return DASHES[Math.floorMod(style, DASHES.length)];
  }

  /** A {@code stroke-dasharray} attribute for a style, or nothing when solid. */
  static String dashAttr(int style) {
    String d = dash(style);
    return d.isEmpty() ? "" : " stroke-dasharray=\"" + d + "\"";
  }

  /** A marker of the style's shape centred on (x, y), with an optional tooltip. */
  static String marker(int style, double x, double y, double r, String colour, String tooltip) {
    String stroke = " fill=\"" + colour + "\" stroke=\"#222222\" stroke-width=\"0.8\"";
    String open = switch (Math.floorMod(style, 6)) {
      case 0 -> "<circle cx=\"" + f(x) + "\" cy=\"" + f(y) + "\" r=\"" + f(r) + "\"" + stroke;
      case 1 -> "<rect x=\"" + f(x - r) + "\" y=\"" + f(y - r) + "\" width=\"" + f(2 * r)
          + "\" height=\"" + f(2 * r) + "\"" + stroke;
      case 2 -> "<path d=\"M" + f(x) + " " + f(y - 1.2 * r) + "L" + f(x + 1.15 * r) + " "
          + f(y + 0.85 * r) + "L" + f(x - 1.15 * r) + " " + f(y + 0.85 * r) + "Z\"" + stroke;
      case 3 -> "<path d=\"M" + f(x) + " " + f(y - 1.3 * r) + "L" + f(x + 1.3 * r) + " " + f(y)
          + "L" + f(x) + " " + f(y + 1.3 * r) + "L" + f(x - 1.3 * r) + " " + f(y) + "Z\""
          + stroke;
      case 4 -> "<path d=\"M" + f(x) + " " + f(y + 1.2 * r) + "L" + f(x + 1.15 * r) + " "
          + f(y - 0.85 * r) + "L" + f(x - 1.15 * r) + " " + f(y - 0.85 * r) + "Z\"" + stroke;
      default -> "<path d=\"M" + f(x - r) + " " + f(y - r) + "L" + f(x + r) + " " + f(y + r)
          + "M" + f(x + r) + " " + f(y - r) + "L" + f(x - r) + " " + f(y + r)
          + "\" fill=\"none\" stroke=\"" + colour + "\" stroke-width=\"2.4\"";
    };
    return tooltip == null ? open + "/>"
        : open + "><title>" + Html.text(tooltip) + "</title>" + close(open) + ">";
  }

  private static String close(String open) {
    return "</" + open.substring(1, open.indexOf(' '));
  }

  /** A short sample of a series' line and marker, for a legend. */
  static String sample(int style, String colour) {
    StringBuilder b = new StringBuilder("<svg class=\"sample\" viewBox=\"0 0 40 14\" width=\"40\""
        + " height=\"14\" aria-hidden=\"true\" focusable=\"false\">");
    line(b, "M1 7L39 7", colour, 2.4, style);
    b.append(marker(style, 20, 7, 3.6, colour, null));
    return b.append("</svg>").toString();
  }

  /** A line path; light colours get a dark casing so they read on white. */
  private static void line(StringBuilder b, String d, String colour, double width, int style) {
    if (Html.luminance(colour) > 0.5) {
      b.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"#555555\" stroke-width=\"")
          .append(f(width + 1.6)).append("\"").append(dashAttr(style))
          .append(" stroke-linejoin=\"round\"/>");
    }
    b.append("<path d=\"").append(d).append("\" fill=\"none\" stroke=\"").append(colour)
        .append("\" stroke-width=\"").append(f(width)).append("\"").append(dashAttr(style))
        .append(" stroke-linejoin=\"round\"/>");
  }

  /** Coordinates with at most one decimal: small, deterministic output. */
  static String f(double v) {
    return Html.num(Math.round(v * 10) / 10.0, v == Math.rint(v) ? 0 : 1);
  }

  /** Round numbers spanning [lo, hi]: about `count` ticks at a step of 1, 2, 2.5 or 5 x 10^k. */
  static double[] ticks(double lo, double hi, int count) {
    double span = hi - lo;
    if (!(span > 0)) {
      return new double[] {lo};
    }
    double raw = span / count;
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double step = mag * 10;
    for (double m : new double[] {1, 2, 2.5, 5, 10}) {
      if (m * mag >= raw) {
        step = m * mag;
        break;
      }
    }
    List<Double> out = new ArrayList<>();
    for (double t = Math.ceil(lo / step - 1e-9) * step; t <= hi + step * 1e-6; t += step) {
      out.add(Math.abs(t) < step * 1e-9 ? 0 : t);
    }
    return out.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** The upper end of a nice axis holding `max`. */
  static double niceCeil(double max) {
    if (!(max > 0)) {
      return 1;
    }
    double[] t = ticks(0, max, 5);
    double step = t.length > 1 ? t[1] - t[0] : max;
    return Math.ceil(max / step - 1e-9) * step;
  }

  /** Every how many x labels one is printed so that they do not collide. */
  private static int labelEvery(int n, double plotWidth, double labelWidth) {
    int every = 1;
    while (n > 1 && plotWidth / (n - 1) * every < labelWidth) {
      every++;
    }
    for (int nice : new int[] {1, 2, 5, 10, 20, 25, 50, 100}) {
      if (nice >= every) {
        return nice;
      }
    }
    return every;
  }

  /** A line chart: one line per series over shared x labels (years). */
  static final class LineChart {
    private record Series(String key, String label, String colour, int style, double[] values) {}

    private record Rule(double y, String label) {}

    private final String id;
    private final String title;
    private final String desc;
    private List<String> x = List.of();
    private final List<Series> series = new ArrayList<>();
    private final List<Rule> rules = new ArrayList<>();
    private DoubleFunction<String> format = v -> Html.num(v, 0);
    private DoubleFunction<String> axis;
    private double min = Double.NaN;
    private double max = Double.NaN;
    private int height = H;

    LineChart(String id, String title, String desc) {
      this.id = id;
      this.title = title;
      this.desc = desc;
    }

    LineChart x(List<String> labels) {
      this.x = List.copyOf(labels);
      return this;
    }

    /** Adds a series; NaN values leave a gap. `key` names it for scripts and tests. */
    LineChart series(String key, String label, String colour, int style, double[] values) {
      if (values.length != x.size()) {
        throw new IllegalArgumentException("series " + key + " has " + values.length
            + " values for " + x.size() + " x labels");
      }
      series.add(new Series(key, label, colour, style, values.clone()));
      return this;
    }

    /** A dashed horizontal line at y, labelled. */
    LineChart rule(double y, String label) {
      rules.add(new Rule(y, label));
      return this;
    }

    /** How axis numbers and tooltips print values. */
    LineChart format(DoubleFunction<String> format) {
      this.format = format;
      return this;
    }

    /** How axis numbers print, when not as the values do. */
    LineChart axis(DoubleFunction<String> axis) {
      this.axis = axis;
      return this;
    }

    /** The y range; NaN for either end means "from the data" (0 at the bottom). */
    LineChart range(double min, double max) {
      this.min = min;
      this.max = max;
      return this;
    }

    LineChart height(int height) {
      this.height = height;
      return this;
    }

    String render() {
      double lo = Double.isNaN(min) ? 0 : min;
      double hi = max;
      if (Double.isNaN(hi)) {
        double top = lo;
        for (Series s : series) {
          for (double v : s.values) {
            if (!Double.isNaN(v)) {
              top = Math.max(top, v);
            }
          }
        }
        for (Rule r : rules) {
          top = Math.max(top, r.y);
        }
        hi = top > lo ? niceCeil(top) : lo + 1;
      }
      double plotW = W - LEFT - RIGHT;
      double plotH = height - TOP - BOTTOM;
      double yLo = lo;
      double yHi = hi;
      DoubleUnaryOperator sy = v -> TOP + plotH - (v - yLo) / (yHi - yLo) * plotH;
      int n = x.size();
      IntToDoubleFunction sx = i -> n <= 1 ? LEFT + plotW / 2 : LEFT + plotW * i / (n - 1);

      StringBuilder b = open(id, title, desc, W, height);
      b.append("<g class=\"axes\" font-size=\"14\" fill=\"#333333\">");
      for (double t : ticks(lo, hi, 5)) {
        double y = sy.applyAsDouble(t);
        b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(f(LEFT + plotW))
            .append("\" y1=\"").append(f(y)).append("\" y2=\"").append(f(y))
            .append("\" stroke=\"#DDDDDD\"/>");
        b.append("<text x=\"").append(LEFT - 6).append("\" y=\"").append(f(y + 4))
            .append("\" text-anchor=\"end\">")
            .append(Html.text((axis != null ? axis : format).apply(t)))
            .append("</text>");
      }
      int every = labelEvery(n, plotW, 44);
      for (int i = 0; i < n; i++) {
        double xx = sx.applyAsDouble(i);
        boolean labelled = i % every == 0 || i == n - 1 && (n - 1) % every >= every / 2;
        b.append("<line x1=\"").append(f(xx)).append("\" x2=\"").append(f(xx)).append("\" y1=\"")
            .append(f(TOP + plotH)).append("\" y2=\"").append(f(TOP + plotH + (labelled ? 6 : 3)))
            .append("\" stroke=\"#777777\"/>");
        if (labelled) {
          b.append("<text x=\"").append(f(xx)).append("\" y=\"").append(f(TOP + plotH + 22))
              .append("\" text-anchor=\"middle\">").append(Html.text(x.get(i))).append("</text>");
        }
      }
      b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(f(LEFT + plotW))
          .append("\" y1=\"").append(f(TOP + plotH)).append("\" y2=\"").append(f(TOP + plotH))
          .append("\" stroke=\"#777777\"/></g>");
      double lastLabel = Double.NaN;
      List<Rule> sorted = new ArrayList<>(rules);
      sorted.sort(Comparator.comparingDouble(Rule::y).reversed());
      for (Rule r : sorted) {
        double y = sy.applyAsDouble(r.y());
        // The label sits above its line at the left, or below it when the previous is close.
        double ty = !Double.isNaN(lastLabel) && y - 5 - lastLabel < 13 ? y + 15 : y - 5;
        lastLabel = ty;
        b.append("<g class=\"rule\"><line x1=\"").append(LEFT).append("\" x2=\"")
            .append(f(LEFT + plotW)).append("\" y1=\"").append(f(y)).append("\" y2=\"")
            .append(f(y)).append("\" stroke=\"#666666\" stroke-width=\"1.2\""
                + " stroke-dasharray=\"6 4\"/><text x=\"").append(f(LEFT + 6))
            .append("\" y=\"").append(f(ty)).append("\" font-size=\"12\" fill=\"#333333\""
                + " stroke=\"#FFFFFF\" stroke-width=\"3\" paint-order=\"stroke\">")
            .append(Html.text(r.label())).append("</text></g>");
      }
      List<double[]> ends = new ArrayList<>(); // [series index, y]
      for (int k = 0; k < series.size(); k++) {
        Series s = series.get(k);
        StringBuilder d = new StringBuilder();
        boolean pen = false;
        int last = -1;
        for (int i = 0; i < n; i++) {
          double v = s.values[i];
          if (Double.isNaN(v)) {
            pen = false;
            continue;
          }
          d.append(pen ? "L" : "M").append(f(sx.applyAsDouble(i))).append(' ')
              .append(f(sy.applyAsDouble(v)));
          pen = true;
          last = i;
        }
        b.append("<g class=\"series\" data-key=\"").append(Html.attr(s.key)).append("\">");
        line(b, d.toString(), s.colour, 2.4, s.style);
        if (n <= MARKER_LIMIT) {
          for (int i = 0; i < n; i++) {
            double v = s.values[i];
            if (!Double.isNaN(v)) {
              b.append(marker(s.style, sx.applyAsDouble(i), sy.applyAsDouble(v), 3.4, s.colour,
                  s.label + ", " + x.get(i) + ": " + format.apply(v)));
            }
          }
        }
        b.append("</g>");
        if (last >= 0) {
          ends.add(new double[] {k, sy.applyAsDouble(s.values[last]), sx.applyAsDouble(last)});
        }
      }
      endLabels(b, ends, TOP, TOP + plotH);
      return b.append("</svg>").toString();
    }

    /** Each series' key at its last point, nudged apart so that labels do not overlap. */
    private void endLabels(StringBuilder b, List<double[]> ends, double top, double bottom) {
      ends.sort(Comparator.comparingDouble(e -> e[1]));
      double gap = 14;
      double[] y = new double[ends.size()];
      for (int i = 0; i < ends.size(); i++) {
        y[i] = Math.max(ends.get(i)[1], i == 0 ? top + 4 : y[i - 1] + gap);
      }
      for (int i = ends.size() - 1; i >= 0; i--) { // push back up from the bottom edge
        double limit = i == ends.size() - 1 ? bottom + 4 : y[i + 1] - gap;
        y[i] = Math.min(y[i], limit);
      }
      b.append("<g class=\"end-labels\" font-size=\"13\" font-weight=\"600\" fill=\"#222222\">");
      for (int i = 0; i < ends.size(); i++) {
        Series s = series.get((int) ends.get(i)[0]);
        b.append("<text x=\"").append(f(ends.get(i)[2] + 8)).append("\" y=\"").append(f(y[i] + 4))
            .append("\">").append(Html.text(s.key)).append("</text>");
      }
      b.append("</g>");
    }
  }

  /** A grouped bar chart: for each x label, one bar per group, side by side. */
  static String bars(String id, String title, String desc, List<String> x, List<String> groups,
      List<String> colours, List<int[]> values) {
    int n = x.size();
    double plotW = W - LEFT - 24;
    double plotH = 220;
    int height = (int) (TOP + plotH + BOTTOM);
    int top = 0;
    for (int[] v : values) {
      for (int c : v) {
        top = Math.max(top, c);
      }
    }
    double hi = Math.max(1, niceCeil(top));
    double[] ticks = ticks(0, hi, Math.min(5, (int) hi));
    StringBuilder b = open(id, title, desc, W, height);
    b.append("<defs><pattern id=\"").append(id).append("-hatch\" width=\"6\" height=\"6\""
        + " patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\"><rect width=\"6\""
        + " height=\"6\" fill=\"").append(colours.get(colours.size() - 1)).append("\"/>"
        + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"6\" stroke=\"#FFFFFF\" stroke-width=\"2\"/>"
        + "</pattern></defs>");
    b.append("<g class=\"axes\" font-size=\"14\" fill=\"#333333\">");
    for (double t : ticks) {
      if (t != Math.rint(t)) {
        continue;
      }
      double y = TOP + plotH - t / hi * plotH;
      b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(f(LEFT + plotW))
          .append("\" y1=\"").append(f(y)).append("\" y2=\"").append(f(y))
          .append("\" stroke=\"#DDDDDD\"/><text x=\"").append(LEFT - 6).append("\" y=\"")
          .append(f(y + 4)).append("\" text-anchor=\"end\">").append(Html.num(t, 0))
          .append("</text>");
    }
    double slot = plotW / Math.max(1, n);
    int every = labelEvery(n + 1, plotW, 44);
    for (int i = 0; i < n; i++) {
      if (i % every == 0) {
        b.append("<text x=\"").append(f(LEFT + slot * (i + 0.5))).append("\" y=\"")
            .append(f(TOP + plotH + 22)).append("\" text-anchor=\"middle\">")
            .append(Html.text(x.get(i))).append("</text>");
      }
    }
    b.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(f(LEFT + plotW))
        .append("\" y1=\"").append(f(TOP + plotH)).append("\" y2=\"").append(f(TOP + plotH))
        .append("\" stroke=\"#777777\"/></g>");
    int g = groups.size();
    double barW = Math.max(1.5, slot * 0.8 / g);
    for (int k = 0; k < g; k++) {
      boolean hatched = k == g - 1 && g > 1;
      String fill = hatched ? "url(#" + id + "-hatch)" : colours.get(k);
      b.append("<g class=\"bars\" data-key=\"").append(Html.attr(groups.get(k))).append("\">");
      for (int i = 0; i < n; i++) {
        int v = values.get(k)[i];
        if (v == 0) {
          continue;
        }
        double h = v / hi * plotH;
        double x0 = LEFT + slot * i + slot * 0.1 + barW * k;
        b.append("<rect x=\"").append(f(x0)).append("\" y=\"").append(f(TOP + plotH - h))
            .append("\" width=\"").append(f(barW)).append("\" height=\"").append(f(h))
            .append("\" fill=\"").append(fill).append("\" stroke=\"").append(colours.get(k))
            .append("\"><title>").append(Html.text(x.get(i) + ": " + v + " " + groups.get(k)))
            .append("</title></rect>");
      }
      b.append("</g>");
    }
    return b.append("</svg>").toString();
  }

  /** The opening of an accessible, scalable chart. */
  static StringBuilder open(String id, String title, String desc, int width, int height) {
    StringBuilder b = new StringBuilder(4096);
    b.append("<svg id=\"").append(id).append("\" class=\"chart\" viewBox=\"0 0 ").append(width)
        .append(' ').append(height).append("\" role=\"img\" aria-labelledby=\"").append(id)
        .append("-title ").append(id).append("-desc\" xmlns=\"http://www.w3.org/2000/svg\""
            + " font-family=\"system-ui, sans-serif\"><title id=\"").append(id).append("-title\">")
        .append(Html.text(title)).append("</title><desc id=\"").append(id).append("-desc\">")
        .append(Html.text(desc)).append("</desc>");
    return b;
  }

  /** A helper for the legend of a bar chart: a small filled box, hatched when asked. */
  static String box(String colour, boolean hatched) {
    String fill = hatched ? "repeating-linear-gradient(45deg," + colour + " 0 3px,#FFFFFF 3px 5px)"
        : colour;
    return "<span class=\"box\" style=\"background:" + fill + ";border-color:" + colour
        + "\" aria-hidden=\"true\"></span>";
  }
}

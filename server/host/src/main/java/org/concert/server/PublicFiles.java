package org.concert.server;

import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concert.maps.RuleDefaults;
import org.concert.maps.ScenarioValidator;
import org.concert.maps.Scenarios;
import org.concert.protocol.v1.RulesConfig;
import org.concert.server.net.Downloads.Answer;

/**
 * What the web client reads over plain HTTP, without a token, under {@code /download/}: the
 * scenarios' catalogue and each scenario whole (public facts: the map, its coordinates, the
 * starting position), the rules knobs with their ranges and rulebook values, and the QR code of
 * a join link for the projector.
 */
final class PublicFiles {
  private static final Pattern SCENARIO = Pattern.compile("scenario/([a-z0-9-]{1,40})\\.json");
  private static final Pattern QR = Pattern.compile("qr/([A-Za-z0-9_-]{1,400})\\.svg");
  /** The longest text a QR code is made of: a join link, not a novel. */
  static final int LONGEST_QR_TEXT = 256;
  private static final String JSON = "application/json; charset=utf-8";
  private static final JsonFormat.Printer PRINTER = JsonFormat.printer();
  /** Each scenario printed once: they never change while the server runs. */
  private static final java.util.concurrent.ConcurrentMap<String, Answer> SCENARIOS =
      new java.util.concurrent.ConcurrentHashMap<>();

  private PublicFiles() {}

  /** The answer for a public path, or empty if the path is not a public one. */
  static Optional<Answer> get(String path) {
    if (path.equals("scenarios.json")) {
      StringBuilder list = new StringBuilder("[");
      for (var summary : Scenarios.list()) {
        list.append(list.length() > 1 ? "," : "").append(print(summary));
      }
      return Optional.of(new Answer(200, JSON, "",
          list.append(']').toString().getBytes(StandardCharsets.UTF_8)));
    }
    if (path.equals("rules.json")) {
      return Optional.of(new Answer(200, JSON, "", rules().getBytes(StandardCharsets.UTF_8)));
    }
    Matcher scenario = SCENARIO.matcher(path);
    if (scenario.matches()) {
      if (!Scenarios.ids().contains(scenario.group(1))) {
        return Optional.of(Answer.text(404, "No scenario \"" + scenario.group(1) + "\"."));
      }
      return Optional.of(SCENARIOS.computeIfAbsent(scenario.group(1),
          id -> json(Scenarios.load(id).toBuilder())));
    }
    Matcher qr = QR.matcher(path);
    if (qr.matches()) {
      return Optional.of(qr(qr.group(1)));
    }
    return Optional.empty();
  }

  private static Answer json(com.google.protobuf.MessageOrBuilder m) {
    return new Answer(200, JSON, "", print(m).getBytes(StandardCharsets.UTF_8));
  }

  private static String print(com.google.protobuf.MessageOrBuilder m) {
    try {
      return PRINTER.print(m);
    } catch (InvalidProtocolBufferException e) {
      throw new IllegalStateException("a shipped scenario does not print as JSON", e);
    }
  }

  /**
   * Every rules knob: its name, kind (a number with its range, or one of the enum's values),
   * and the rulebook's value, in field order. Made from the schema, as the command line's flags.
   */
  static String rules() {
    RulesConfig rulebook = RuleDefaults.rulebook();
    StringBuilder out = new StringBuilder("[");
    for (FieldDescriptor f : RulesConfig.getDescriptor().getFields()) {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append("{\"name\":\"").append(f.getJsonName()).append('"');
      if (f.getType() == FieldDescriptor.Type.ENUM) {
        out.append(",\"values\":[");
        String sep = "";
        for (EnumValueDescriptor v : f.getEnumType().getValues()) {
          if (v.getNumber() != 0) {
            out.append(sep).append('"').append(v.getName()).append('"');
            sep = ",";
          }
        }
        out.append("],\"rulebook\":\"")
            .append(((EnumValueDescriptor) rulebook.getField(f)).getName()).append('"');
      } else {
        int[] range = ScenarioValidator.ruleRange(f.getName());
        if (range != null) {
          out.append(",\"min\":").append(range[0]).append(",\"max\":").append(range[1]);
        }
        out.append(",\"rulebook\":").append(rulebook.getField(f));
      }
      out.append('}');
    }
    return out.append(']').toString();
  }

  /** The QR code of a text given as base64url, drawn as one SVG path of dark modules. */
  private static Answer qr(String encoded) {
    String text;
    try {
      text = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Answer.text(400, "The QR text must be base64url: " + e.getMessage());
    }
    if (text.isEmpty() || text.length() > LONGEST_QR_TEXT) {
      return Answer.text(400, "The QR text must have 1 to " + LONGEST_QR_TEXT + " characters.");
    }
    BitMatrix m;
    try {
      m = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, Map.of(
          EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
          EncodeHintType.MARGIN, 4, EncodeHintType.CHARACTER_SET, "UTF-8"));
    } catch (WriterException e) {
      return Answer.text(400, "No QR code can hold that text: " + e.getMessage());
    }
    StringBuilder d = new StringBuilder();
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); x++) {
        if (m.get(x, y)) {
          d.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
        }
      }
    }
    String svg = ("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\""
        + " shape-rendering=\"crispEdges\" role=\"img\"><title>QR code</title>"
        + "<rect width=\"100%%\" height=\"100%%\" fill=\"#fff\"/>"
        + "<path fill=\"#000\" d=\"%s\"/></svg>").formatted(m.getWidth(), m.getHeight(), d);
    return new Answer(200, "image/svg+xml", "", svg.getBytes(StandardCharsets.UTF_8));
  }
}

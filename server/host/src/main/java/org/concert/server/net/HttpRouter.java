package org.concert.server.net;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * Answers every HTTP request on the HTTP port: {@code GET /health}, {@code GET /metrics}, the web
 * client's files, and the gate to {@code /ws} (the {@code Origin} and the offered subprotocols are
 * checked here; an upgrade that passes goes on to Netty's WebSocket handler). Every response carries
 * a strict Content-Security-Policy, {@code X-Content-Type-Options: nosniff} and no referrer.
 */
final class HttpRouter extends ChannelInboundHandlerAdapter {

  /** The WebSocket endpoint's path. */
  static final String WEBSOCKET_PATH = "/ws";

  /** The policy every response carries: only this origin's scripts, styles and sockets. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'self'; connect-src 'self' ws: wss:; "
      + "img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
      + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** What {@code /health} reports. */
  record Health(BooleanSupplier ready, LongSupplier uptimeSeconds) {}

  private static final Logger LOG = LogManager.getLogger(HttpRouter.class);
  private static final Logger ACCESS = LogManager.getLogger(Connection.class.getPackageName() + ".access");
  private static final String TEXT = "text/plain; charset=utf-8";

  private final NetMetrics metrics;
  private final OriginPolicy origins;
  private final StaticFiles files;
  private final Health health;

  private final Downloads downloads;

  HttpRouter(NetMetrics metrics, OriginPolicy origins, StaticFiles files, Health health,
      Downloads downloads) {
    this.downloads = downloads;
    this.metrics = metrics;
    this.origins = origins;
    this.files = files;
    this.health = health;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof FullHttpRequest request)) {
      ctx.fireChannelRead(msg); // WebSocket frames, once upgraded
      return;
    }
    metrics.httpRequest();
    boolean forwarded = false;
    try {
      forwarded = route(ctx, request);
    } finally {
      if (!forwarded) {
        request.release();
      }
    }
  }

  /** Answers the request, or passes it on (returning true) when it is an acceptable upgrade. */
  private boolean route(ChannelHandlerContext ctx, FullHttpRequest request) {
    if (request.decoderResult().isFailure()) {
      refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, "The request could not be read.");
      return false;
    }
    String path;
    try {
      path = new QueryStringDecoder(request.uri()).path();
    } catch (IllegalArgumentException e) {
      respondText(ctx, request, HttpResponseStatus.BAD_REQUEST, "The path could not be decoded.");
      return false;
    }
    if (path.equals(WEBSOCKET_PATH)) {
      return upgrade(ctx, request);
    }
    HttpMethod method = request.method();
    if (!method.equals(HttpMethod.GET) && !method.equals(HttpMethod.HEAD)) {
      FullHttpResponse response = response(HttpResponseStatus.METHOD_NOT_ALLOWED, TEXT,
          "Only GET and HEAD are served here.\n".getBytes(StandardCharsets.UTF_8), false);
      response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
      write(ctx, request, response);
      return false;
    }
    if (path.startsWith("/download/")) {
      download(ctx, request, path.substring("/download/".length()));
      return false;
    }
    switch (path) {
      case "/health" -> health(ctx, request);
      case "/metrics" -> write(ctx, request, response(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8",
          metrics.render().getBytes(StandardCharsets.UTF_8), isHead(request)));
      default -> file(ctx, request, path);
    }
    return false;
  }

  /** Hands a download to the core; the answer is written when it is ready. */
  private void download(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
    String auth = request.headers().get(HttpHeaderNames.AUTHORIZATION, "");
    String token = auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : "";
    boolean head = isHead(request);
    boolean keepAlive = io.netty.handler.codec.http.HttpUtil.isKeepAlive(request);
    FullHttpRequest held = request.retainedDuplicate();
    downloads.get(path, token).whenComplete((answer, failure) -> ctx.executor().execute(() -> {
      try {
        Downloads.Answer a = failure != null
            ? Downloads.Answer.text(500, "The download could not be made.") : answer;
        FullHttpResponse response = response(HttpResponseStatus.valueOf(a.status()),
            a.contentType(), a.body(), head);
        if (!a.fileName().isEmpty()) {
          response.headers().set(HttpHeaderNames.CONTENT_DISPOSITION,
              "attachment; filename=\"" + a.fileName() + "\"");
        }
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        write(ctx, held, response);
      } finally {
        held.release();
      }
    }));
  }

  private boolean upgrade(ChannelHandlerContext ctx, FullHttpRequest request) {
    HttpHeaders headers = request.headers();
    if (!request.method().equals(HttpMethod.GET)
        || !headers.containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
      respondText(ctx, request, HttpResponseStatus.UPGRADE_REQUIRED, "This path takes WebSocket upgrades only.");
      return false;
    }
    String origin = headers.get(HttpHeaderNames.ORIGIN);
    if (!origins.allows(origin, headers.get(HttpHeaderNames.HOST))) {
      metrics.upgradeRefused();
      ACCESS.info("refuse websocket {}: origin {} not allowed", Connection.addressOf(ctx.channel()), printable(origin));
      refuse(ctx, request, HttpResponseStatus.FORBIDDEN, "WebSocket connections are not allowed from this origin.");
      return false;
    }
    if (!offersSubprotocol(headers.get(HttpHeaderNames.SEC_WEBSOCKET_PROTOCOL))) {
      metrics.upgradeRefused();
      refuse(ctx, request, HttpResponseStatus.BAD_REQUEST, "Offer the subprotocol " + Envelopes.PROTO_SUBPROTOCOL
          + " or " + Envelopes.JSON_SUBPROTOCOL + " in Sec-WebSocket-Protocol.");
      return false;
    }
    ctx.fireChannelRead(request); // Netty's handshake takes it from here
    return true;
  }

  private static boolean offersSubprotocol(String header) {
    if (header == null) {
      return false;
    }
    for (String offered : header.split(",")) {
      String name = offered.trim();
      if (name.equals(Envelopes.PROTO_SUBPROTOCOL) || name.equals(Envelopes.JSON_SUBPROTOCOL)) {
        return true;
      }
    }
    return false;
  }

  private void health(ChannelHandlerContext ctx, FullHttpRequest request) {
    boolean ready = health.ready().getAsBoolean();
    String body = "{\"status\":\"" + (ready ? "ok" : "unavailable") + "\",\"connections\":"
        + metrics.connectionsOpen() + ",\"uptimeSeconds\":" + health.uptimeSeconds().getAsLong() + "}\n";
    write(ctx, request, response(ready ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
        "application/json", body.getBytes(StandardCharsets.UTF_8), isHead(request)));
  }

  private void file(ChannelHandlerContext ctx, FullHttpRequest request, String path) {
    StaticFiles.Lookup lookup = files.find(path);
    if (lookup instanceof StaticFiles.Found found) {
      String match = request.headers().get(HttpHeaderNames.IF_NONE_MATCH);
      FullHttpResponse response = found.etag().equals(match)
          ? response(HttpResponseStatus.NOT_MODIFIED, found.contentType(), new byte[0], true)
          : response(HttpResponseStatus.OK, found.contentType(), found.body(), isHead(request));
      response.headers().set(HttpHeaderNames.ETAG, found.etag());
      response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-cache");
      write(ctx, request, response);
    } else if (lookup instanceof StaticFiles.Refused) {
      respondText(ctx, request, HttpResponseStatus.FORBIDDEN, "That path is not served.");
    } else {
      respondText(ctx, request, HttpResponseStatus.NOT_FOUND, "Nothing here.");
    }
  }

  private static boolean isHead(FullHttpRequest request) {
    return request.method().equals(HttpMethod.HEAD);
  }

  private void respondText(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String text) {
    write(ctx, request, response(status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8), isHead(request)));
  }

  /** Answers and closes: a refused upgrade leaves nothing more to talk about. */
  private void refuse(ChannelHandlerContext ctx, FullHttpRequest request, HttpResponseStatus status, String text) {
    FullHttpResponse response = response(status, TEXT, (text + "\n").getBytes(StandardCharsets.UTF_8), false);
    HttpUtil.setKeepAlive(response, false);
    LOG.debug("{} refused -> {}", request.method(), status.code());
    ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
  }

  private static FullHttpResponse response(HttpResponseStatus status, String contentType, byte[] body, boolean head) {
    FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
        head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
    HttpHeaders headers = response.headers();
    headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    headers.setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    headers.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    headers.set("X-Content-Type-Options", "nosniff");
    headers.set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY");
    headers.set("Referrer-Policy", "no-referrer");
    headers.set(HttpHeaderNames.CACHE_CONTROL, "no-store");
    return response;
  }

  private static void write(ChannelHandlerContext ctx, FullHttpRequest request, FullHttpResponse response) {
    boolean keepAlive = HttpUtil.isKeepAlive(request);
    HttpUtil.setKeepAlive(response, keepAlive);
    if (LOG.isDebugEnabled()) {
      LOG.debug("{} {} -> {}", request.method(), new QueryStringDecoder(request.uri()).rawPath(),
          response.status().code());
    }
    ChannelFuture written = ctx.writeAndFlush(response);
    if (!keepAlive) {
      written.addListener(ChannelFutureListener.CLOSE);
    }
  }

  private static String printable(String s) {
    if (s == null) {
      return "(none)";
    }
    String cut = s.length() > 100 ? s.substring(0, 100) + "…" : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }
}

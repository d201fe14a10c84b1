package org.concert.bench;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.LengthFieldPrepender;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;

/**
 * The baseline: a plain Netty server with the game server's TCP framing (a 4-byte big-endian
 * length, at most 64 KiB after it) that sends every frame straight back. No decoding, no
 * match, no journal: what the network and Netty cost on this machine, measured by the same
 * clients in the same run.
 */
final class EchoServer implements AutoCloseable {
  private static final int LENGTH_BYTES = 4;
  private static final int MAX_FRAME = 64 * 1024;
  /** The prefix of its threads' names (for counting their CPU time). */
  static final String THREADS = "echo-server";

  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private final Channel listening;

  /**
   * @param ioThreads event loop threads; 0 means one per core, as the game server does by
   *     default
   */
  EchoServer(int ioThreads) throws InterruptedException {
    boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory(THREADS),
        NioIoHandler.newFactory());
    workers = new MultiThreadIoEventLoopGroup(
        ioThreads > 0 ? ioThreads : Runtime.getRuntime().availableProcessors(),
        new DefaultThreadFactory(THREADS),
        NioIoHandler.newFactory());
    listening = new ServerBootstrap().group(boss, workers)
        .channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<Channel>() {
          @Override
          protected void initChannel(Channel ch) {
            ch.pipeline().addLast(
                new LengthFieldBasedFrameDecoder(MAX_FRAME + LENGTH_BYTES, 0, LENGTH_BYTES, 0,
                    LENGTH_BYTES),
                new LengthFieldPrepender(LENGTH_BYTES),
                new Echo());
          }
        })
        .bind("127.0.0.1", 0).sync().channel();
  }

  int port() {
    return ((InetSocketAddress) listening.localAddress()).getPort();
  }

  @Override
  public void close() {
    listening.close().syncUninterruptibly();
    boss.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** Writes each frame back; flushes once per read burst. */
  private static final class Echo extends SimpleChannelInboundHandler<ByteBuf> {
    Echo() {
      super(false); // the frame is passed on to the write, which releases it
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
      ctx.write(frame);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }
  }
}

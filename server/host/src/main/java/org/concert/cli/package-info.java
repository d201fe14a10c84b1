/**
 * The {@code concert} command line.
 *
 * <p>{@link org.concert.cli.Concert} is the root command and the jar's entry point; each
 * subcommand is one picocli class, and a command group (such as {@code maps}) lists its
 * subcommands in its {@code @Command} annotation. To add a command, write its class and name it
 * in its parent's {@code subcommands}: {@code --help} and {@code --version} come with it, since the
 * root's standard options are inherited by every command below it.
 *
 * <p>Commands parse arguments, call the domain modules (maps, engine, bots) and print; they hold
 * no game rules. They write only to the picocli command line's {@code getOut()} and
 * {@code getErr()}, never to {@code System.out}, so that tests can run them in-process, and they
 * report failure through their exit code: only {@link org.concert.cli.Concert#main} exits the JVM.
 */
package org.concert.cli;

/**
 * The local arena: headless matches between bots ({@link org.concert.arena.HeadlessMatch}),
 * tournaments with seat rotation and ratings ({@link org.concert.arena.Tournament}), and the
 * debrief report of a replay ({@link org.concert.arena.Report}). Everything here is
 * reproducible from its seed, whatever the number of threads.
 */
package org.concert.arena;

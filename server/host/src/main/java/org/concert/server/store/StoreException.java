package org.concert.server.store;

/**
 * A failure of the database under a {@link MatchStore}: a statement that failed, a lost
 * connection, a schema this server does not understand. The message says what the store was
 * doing; the cause is the driver's exception. Damaged data found while recovering is not an
 * exception but a problem in {@link Recovered#problems()}.
 */
public final class StoreException extends RuntimeException {
  StoreException(String message) {
    super(message);
  }

  StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}

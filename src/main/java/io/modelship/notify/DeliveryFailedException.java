package io.modelship.notify;

/** A delivery the receiver did not take (an error status, a timeout, a refused connection). */
class DeliveryFailedException extends RuntimeException {

  DeliveryFailedException(String message) {
    super(message);
  }

  DeliveryFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.modelship.notify;

/**
 * A channel that cannot deliver whatever is tried: a secret name that resolves to nothing, a URL
 * that is no http(s) URL, a receiver that refuses the request as malformed or unauthorized, no SMTP
 * server configured. The message names what is wrong, never a secret's value.
 */
class ChannelNotUsableException extends RuntimeException {

  ChannelNotUsableException(String message) {
    super(message);
  }
}

package io.modelship.notify;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Posts a JSON body to a webhook URL. The URL is a secret, so no message from here names it: the
 * JDK's exceptions are replaced by messages naming the channel and what happened.
 */
final class WebhookPost {

  private final HttpClient http;
  private final java.time.Duration timeout;

  WebhookPost(java.time.Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  /** Posts and returns the status; anything but 2xx is an exception. */
  int post(ChannelTarget target, byte[] body, Map<String, String> headers) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.url())
            .timeout(timeout)
            .header("Content-Type", "application/json; charset=utf-8")
            .header("User-Agent", "Modelship")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(request::header);
    HttpResponse<String> response;
    try {
      response =
          http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (HttpTimeoutException e) {
      throw new DeliveryFailedException(target + ": no answer within " + timeout);
    } catch (IOException e) {
      throw new DeliveryFailedException(
          target + ": could not reach the receiver (" + e.getClass().getSimpleName() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryFailedException(target + ": interrupted while delivering");
    }
    int status = response.statusCode();
    if (status >= 200 && status < 300) {
      return status;
    }
    String answer = target + ": the receiver answered " + status;
    // 408 and 429 ask to come back later; other 4xx say the request or the URL is wrong.
    if (status >= 400 && status < 500 && status != 408 && status != 429) {
      throw new ChannelNotUsableException(answer + "; retrying will not change that");
    }
    throw new DeliveryFailedException(answer);
  }
}

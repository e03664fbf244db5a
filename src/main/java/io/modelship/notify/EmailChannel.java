package io.modelship.notify;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * E-mail over SMTP through Spring's {@link JavaMailSender} ({@code spring.mail.host}, port,
 * username, password): a plain-text message with the title as subject, the facts and the links.
 */
final class EmailChannel implements NotificationChannel {

  private final ObjectProvider<JavaMailSender> mail;
  private final String from;

  EmailChannel(ObjectProvider<JavaMailSender> mail, String from) {
    this.mail = mail;
    this.from = from;
  }

  @Override
  public String type() {
    return "email";
  }

  @Override
  public void deliver(Notification n, ChannelTarget target, String deliveryId) {
    JavaMailSender sender = mail.getIfAvailable();
    if (sender == null) {
      throw new ChannelNotUsableException(
          target + ": expected an SMTP server (spring.mail.host), but none is configured");
    }
    if (target.to().isEmpty()) {
      throw new ChannelNotUsableException(target + ": expected addresses in 'to', but it has none");
    }
    try {
      MimeMessage message = sender.createMimeMessage();
      MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
      helper.setFrom(new InternetAddress(from));
      helper.setTo(target.to().toArray(String[]::new));
      helper.setSubject("[Modelship] " + n.title());
      helper.setText(text(n));
      // Lets a mail client thread repeats of one delivery, should a retry send it twice.
      message.setHeader("X-Modelship-Delivery", deliveryId);
      sender.send(message);
    } catch (MailAuthenticationException e) {
      throw new ChannelNotUsableException(target + ": the SMTP server refused the credentials");
    } catch (MailException e) {
      throw new DeliveryFailedException(
          target
              + ": the SMTP server did not take the message ("
              + e.getClass().getSimpleName()
              + ")");
    } catch (MessagingException e) {
      throw new ChannelNotUsableException(
          target + ": expected valid addresses, but " + e.getMessage());
    }
  }

  static String text(Notification n) {
    StringBuilder text = new StringBuilder(n.title()).append("\n\n").append(n.text()).append("\n");
    if (!n.facts().isEmpty()) {
      text.append('\n');
      n.facts().forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
    }
    if (!n.links().isEmpty()) {
      text.append('\n');
      n.links()
          .forEach(
              (name, url) ->
                  text.append(SlackChannel.label(name)).append(": ").append(url).append('\n'));
    }
    return text.append("\n-- Modelship, run ").append(n.runId()).append('\n').toString();
  }
}

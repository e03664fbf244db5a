package io.modelship.notify;

/** A way to tell people: one implementation per channel type. */
interface NotificationChannel {

  /**
   * The type's name in configuration: {@code slack}, {@code teams}, {@code webhook}, {@code email}.
   */
  String type();

  /**
   * Delivers the notification once. {@code deliveryId} is the same for every attempt of one
   * delivery, so a receiver can drop repeats.
   *
   * @throws DeliveryFailedException when the receiver could not take it now; worth another attempt
   * @throws ChannelNotUsableException when the channel's configuration is wrong; no attempt cures
   *     it
   */
  void deliver(Notification notification, ChannelTarget target, String deliveryId);
}

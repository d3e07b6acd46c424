package io.floe.kafka;

/** Runs Kafka's {@code kafka.Kafka} in the broker's child JVM, ended when the test JVM is gone. */
public final class BrokerMain {
  private BrokerMain() {}

  /**
   * Starts the broker.
   *
   * @param args the server.properties path
   * @throws Exception when the broker fails
   */
  public static void main(String[] args) throws Exception {
    ParentWatch.start();
    Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
  }
}

package org.datastreamio.spi;

/** What a transport promises when a runner retries a bundle. */
public enum DeliveryGuarantee {
  /** Retried or failed bundles leave nothing visible: readers see each row once. */
  EXACTLY_ONCE,
  /** No row is lost, but a retried bundle can deliver its rows again. */
  AT_LEAST_ONCE
}

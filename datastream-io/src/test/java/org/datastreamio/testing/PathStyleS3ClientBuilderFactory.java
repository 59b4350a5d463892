package org.datastreamio.testing;

import org.apache.beam.sdk.io.aws2.options.S3ClientBuilderFactory;
import org.apache.beam.sdk.io.aws2.options.S3Options;
import org.apache.beam.sdk.io.aws2.s3.DefaultS3ClientBuilderFactory;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * Beam's S3 client builder with path-style access ({@code http://host:port/bucket/key}). Beam
 * 2.70's S3Options has an endpoint override but no path-style switch, and virtual-host style would
 * need {@code bucket.127.0.0.1} to resolve. Selected with {@link
 * S3Options#setS3ClientFactoryClass}.
 */
public final class PathStyleS3ClientBuilderFactory implements S3ClientBuilderFactory {
  @Override
  public S3ClientBuilder createBuilder(S3Options options) {
    return new DefaultS3ClientBuilderFactory().createBuilder(options).forcePathStyle(true);
  }
}

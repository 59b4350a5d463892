package org.datastreamio.socket;

/**
 * What a listening read does with a connection whose stream ends before its end-of-stream marker:
 * fail the read (the default: nothing short is taken silently), or drop that connection and keep
 * reading, for writers a runner retries (the retry sends the whole stream again).
 */
enum TruncatedStreams {
  FAIL,
  DROP
}

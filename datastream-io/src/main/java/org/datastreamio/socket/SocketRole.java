package org.datastreamio.socket;

/** Which side opens the connection: this pipeline dials out, or it waits for peers to dial in. */
public enum SocketRole {
  CONNECT,
  LISTEN
}

package org.datastreamio.hop.ui;

import org.apache.hop.i18n.BaseMessages;

/**
 * The GUI's user-visible strings, from {@code
 * org/datastreamio/hop/ui/messages/messages_*.properties}.
 */
public final class Messages {
  private Messages() {}

  public static String get(String key, Object... arguments) {
    return BaseMessages.getString(Messages.class, key, arguments);
  }
}

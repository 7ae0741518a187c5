package org.dkimpack.core.tag;

import org.dkimpack.core.PermanentDkimException;

/** A tag list that does not follow the grammar of RFC 6376 §3.2. */
public class TagListException extends PermanentDkimException {
    private static final long serialVersionUID = 1L;

    public TagListException(String message) {
        super(message);
    }
}

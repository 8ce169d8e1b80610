-- Answers stopped before this column existed carried a note at the end of their text; the
-- column now says it, and the text is what was said.
UPDATE "chat_messages"
SET "stopped" = true,
    "content" = regexp_replace("content", E'\\n*_\\(Stopped before the answer was complete\\.\\)_\\s*$', '')
WHERE "role" = 'assistant' AND "content" ~ E'_\\(Stopped before the answer was complete\\.\\)_\\s*$';

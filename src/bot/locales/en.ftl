# The bot's own words in English. Markup is Telegram HTML; every { $variable } is escaped by
# the code before it gets here. Keep the three locale files' keys in step (a test checks).

## Answers

answered-as = <i>Answered as:</i> { $question }
sources-heading = <b>Sources</b>
key-terms = <b>Key terms:</b>
page = p. { $page }
untitled = Untitled
language-en = English
language-zh-Hans = Chinese (simplified)
language-zh-Hant = Chinese (traditional)
language-mixed = Chinese and English
not-found-empty_question = Please ask a question about the documents.
not-found-nothing_retrieved = Nothing in the documents matches this question.
not-found-constraint_failed = The documents touch on this, but no passage states what the question asks for (the year, the name or the kind of figure it wants).
not-found-weak_evidence = I couldn't find a passage that answers this clearly enough to quote it.
not-found-hint = <i>Try other words from the documents, or see /sources for what I have read.</i>
more-sources-header = <i>More sources ({ $from }–{ $to } of { $total }) for: { $question }</i>
more-sources-end = <i>That was every source I found for: { $question }</i>
shortened = <i>(shortened: ask me in a private chat for every source)</i>
answer-failed = Sorry, something went wrong while searching the documents. Please try again in a moment.
examples =
    • 2019年学前教育三年毛入园率的目标是多少？
    • How many visits did the Riverton Public Library record in 2023?
    • What is the 2019 target for the gross kindergarten enrollment rate?
empty-question =
    Ask me a question about the documents, for example:
    { $examples }
related-title = <b>{ $heading }</b>
related-empty = <i>That section has no sentence I can quote.</i>

## Buttons and their answers

button-more-sources = More sources
button-previous = « Previous
button-next = More sources »
toast-expired = This answer is more than 7 days old, so its buttons no longer work. Please ask again.
toast-unknown-button = This button no longer works; please ask again.
toast-section-gone = That section is no longer in the documents.
feedback-up = Thanks! Glad it helped.
feedback-down = Thanks, noted: I'll try to do better.
feedback-already = Already noted, thank you!
feedback-changed = Changed, thank you!

## Limits and access

rate-limit = Too many questions, please wait a few seconds.
rate-limit-button = Slow down a little, please.
not-allowed = Sorry, this bot is private: it only answers its own team. Ask the person who runs it to add your Telegram id.
not-allowed-button = Sorry, this bot is private.

## Commands

command-ask = Ask a question about the documents
command-sources = List the documents I can read here
command-help = How to use this bot
command-start = What this bot does
command-add = Add the document you reply to (admins)
command-stats = Index and usage figures (admins)
command-forget = Remove a document: /forget <id> (admins)
command-unanswered = Questions I could not answer (admins)
start =
    <b>Hello! I answer questions from a collection of documents</b> and quote the passages I used, with numbered sources, so you can check every answer.

    Ask in Chinese or English, for example:
    { $examples }

    /sources lists what I have read · /help shows everything I can do.
    In any chat you can also type <code>@{ $username } your question</code>.
start-ask = Send me your question — as long as you like — and I'll answer from the documents with sources.
help =
    <b>How to ask</b>
    • In this chat: just send your question (Chinese or English).
    • In a group: <code>/ask your question</code>, mention <code>@{ $username }</code>, or reply to one of my messages.
    • Anywhere: type <code>@{ $username } your question</code> and pick the answer or a passage (the shared library only).

    <b>Follow-up questions</b>
    Reply to one of my answers, or ask within 10 minutes: “And in 2019?”, “What about Zhejiang?”, “And primary schools?” are completed from your previous question, and I show how I understood it.

    Every answer quotes the documents; [1], [2]… are its sources. <b>More sources</b> shows further passages, the section buttons show the neighbouring sections; 👍/👎 tell the maintainers whether it helped.

    <b>Commands</b>
    /ask &lt;question&gt; — ask a question
    /sources — the documents I can read here
    /help — this message
help-admin =
    <b>Admin</b>
    Send me a .txt, .md, .html, .pdf or .docx file (or reply /add to one) to add it: here in private it goes to the shared library, in a group to that group's own collection.
    /stats — documents, chunks, index size, questions served, feedback
    /forget &lt;id or source&gt; — remove a document (ids are in /sources; in a group, only from its collection)
    /unanswered — the questions I could not answer (in this private chat only)
unknown-command = I don't know that command. /help lists what I can do; any other text is a question.
not-text = I read questions as text. Send me your question in words, or see /help.

## Sources

sources-none = I haven't read any documents yet.
sources-header = <b>{ $documents ->
        [one] { $documents } document
       *[other] { $documents } documents
    }</b>, { $passages ->
        [one] { $passages } passage
       *[other] { $passages } passages
    }:
sources-shared = <b>Shared library</b>
sources-chat = <b>This chat's own collection</b>
sources-line = #{ $id } { $title } — { $passages ->
        [one] { $passages } passage
       *[other] { $passages } passages
    } ({ $source })
sources-more = … and { $count } more.

## Admin

not-admin-upload = Thanks! Only the bot's admins can add documents. Ask them to add this one — meanwhile I can answer questions about the documents I have (/sources).
not-admin-command = Sorry, that command is for the bot's admins.
private-only = For privacy, /unanswered works only in a private chat with me.
collection-shared = the shared library
collection-group = this group's collection
collection-chat = this chat's collection
passages = { $count ->
        [one] { $count } passage
       *[other] { $count } passages
    }
upload-unsupported = I can read { $types } files; “{ $name }” is not one of them.
upload-too-big = “{ $name }” is { $size }; I can take files up to { $limit }.
upload-unchanged = “{ $name }” is already in { $collection } as <b>{ $title }</b> ({ $passages }); nothing changed.
upload-added = ✅ Added “{ $name }” to { $collection } as <b>{ $title }</b>: { $passages }, in { $seconds } s. Ask me about it!
upload-updated = ✅ Updated “{ $name }” in { $collection } as <b>{ $title }</b>: { $passages }, in { $seconds } s. Ask me about it!
upload-not-read = ❌ I couldn't add “{ $name }”: { $reason }.
upload-failed = Sorry, I couldn't add “{ $name }”: { $reason }.
upload-nothing-read = nothing was read from it
add-usage = Reply /add to a document (a .txt, .md, .html, .pdf or .docx file) to add it to { $collection }.
forget-usage = Usage: /forget &lt;document id or source&gt; — the ids are listed by /sources.
forget-not-found = No document in { $collection } matches “{ $ref }”. /sources lists the ids.
forget-shared-in-group = #{ $id } is in the shared library, not in this group's collection: remove it in a private chat with me.
forget-removed = Removed #{ $id } “{ $title }” from { $collection }. It no longer appears in answers.
stats =
    <b>Index</b>
    Documents: { $documents } (shared library: { $shared }, chat collections: { $chats })
    Chunks: { $chunks }
    Index size: { $size } (SQLite)
    Model: { $model }
    Vectors: { $vectors }
    Last ingest: { $lastIngest }
    Generation: { $generation }

    <b>Usage</b>
    Questions served: { $questions }
    Feedback: 👍 { $up } · 👎 { $down }
    Unanswered questions logged: { $unanswered }
stats-no-model = none — lexical search only (EMBED_MODEL={ $model })
stats-never = never
stats-warnings = <b>Warnings</b>
stats-chat = This chat's id: <code>{ $chat }</code> (for <code>npm run ingest -- --chat { $chat }</code>)

## Unanswered questions

unanswered-none = No unanswered questions logged yet.
unanswered-title = <b>Unanswered questions</b> ({ $total } logged)
unanswered-recent = <b>Most recent</b>
unanswered-repeated = <b>Asked most often</b>
unanswered-no-repeats = <i>No question was asked twice yet.</i>
unanswered-line = • { $when } · { $where } · { $reason }: { $question }
unanswered-group = • { $count }× { $question } (last { $when }; { $reasons })
unanswered-candidate = { "  " }↳ closest passage: { $candidate }
unanswered-private = private chat
unanswered-group-chat = group { $chat }
reason-empty_question = empty question
reason-nothing_retrieved = nothing matched
reason-constraint_failed = no passage met the question
reason-weak_evidence = evidence too weak
reason-downvoted = 👎

## Inline mode

inline-help-title = Type a question about the documents
inline-help-description = For example: { $example }
inline-help =
    <b>Ask @{ $username } about the documents</b>

    Type a question after the bot's name, for example:
    { $examples }
inline-not-found-title = No answer found in the documents
inline-answer-title = Answer: { $answer }
inline-answer-description = { $answer } ({ $sources ->
        [one] { $sources } source
       *[other] { $sources } sources
    })
inline-private-button = Ask in private chat

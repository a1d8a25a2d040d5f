# 機器人自己的話（繁體中文）。標記是 Telegram HTML；每個 { $變量 } 在程式碼中已轉義。
# 三個語言文件的鍵必須一致（有測試檢查）。

## 回答

answered-as = <i>按此理解：</i>{ $question }
sources-heading = <b>來源</b>
key-terms = <b>關鍵詞：</b>
page = 第 { $page } 頁
untitled = 無標題
language-en = 英文
language-zh-Hans = 簡體中文
language-zh-Hant = 繁體中文
language-mixed = 中英文
not-found-empty_question = 請就文件提一個問題。
not-found-nothing_retrieved = 文件中沒有與這個問題相關的內容。
not-found-constraint_failed = 文件提到了相關內容，但沒有一段說明問題所問的（問題要求的年份、名稱或數字類型）。
not-found-weak_evidence = 沒有找到能足夠清楚地回答這個問題、可以引用的段落。
not-found-hint = <i>可以換用文件中的說法再問，或用 /sources 查看我讀過的文件。</i>
more-sources-header = <i>更多來源（第 { $from }–{ $to } 條，共 { $total } 條）：{ $question }</i>
more-sources-end = <i>這個問題的來源已全部列出：{ $question }</i>
shortened = <i>（已縮短：在私訊中問我可看到全部來源）</i>
answer-failed = 抱歉，檢索文件時出了問題，請稍後再試。
examples =
    • 2019年學前教育三年毛入園率的目標是多少？
    • 2019年全市教育工作的總體要求是什麼？
    • 里弗頓公共圖書館2023年接待了多少人次？
empty-question =
    請就文件向我提問，例如：
    { $examples }
related-title = <b>{ $heading }</b>
related-empty = <i>這一節沒有可以引用的句子。</i>

## 按鈕及其回應

button-more-sources = 更多來源
button-previous = « 上一頁
button-next = 更多來源 »
toast-expired = 這個回答已超過7天，按鈕已失效，請重新提問。
toast-unknown-button = 這個按鈕已失效，請重新提問。
toast-section-gone = 這一節已不在文件中。
feedback-up = 謝謝！很高興對你有幫助。
feedback-down = 謝謝，已記錄，我會改進。
feedback-already = 已經記錄過了，謝謝！
feedback-changed = 已更改，謝謝！

## 限制與權限

rate-limit = 提問太快了，請稍等幾秒。
rate-limit-button = 請慢一點。
not-allowed = 抱歉，這是一個私有機器人，只為自己的團隊服務。請聯繫管理員新增你的 Telegram ID。
not-allowed-button = 抱歉，這是一個私有機器人。

## 命令

command-ask = 就文件提問
command-sources = 查看這裡能檢索的文件
command-help = 使用說明
command-start = 機器人簡介
command-add = 新增所回覆的文件（管理員）
command-stats = 索引與使用統計（管理員）
command-forget = 刪除文件：/forget <編號>（管理員）
command-unanswered = 未能回答的問題（管理員）
start =
    <b>你好！我根據一組文件回答問題</b>，並引用所用的段落、標明來源編號，方便你核對每個回答。

    可以用中文或英文提問，例如：
    { $examples }

    /sources 列出我讀過的文件 · /help 查看全部功能。
    在任何聊天中也可以輸入 <code>@{ $username } 你的問題</code>。
start-ask = 把問題發給我吧，長短不限，我會根據文件回答並註明來源。
help =
    <b>如何提問</b>
    • 在這裡：直接發送問題（中文或英文）。
    • 在群組中：<code>/ask 你的問題</code>，提及 <code>@{ $username }</code>，或回覆我的訊息。
    • 在任何地方：輸入 <code>@{ $username } 你的問題</code>，選擇回答或段落（只檢索共享文件庫）。

    <b>追問</b>
    回覆我的回答，或在10分鐘內接著問：“去年呢？”“那浙江呢？”“小學呢？”會按你上一個問題補全，並顯示我是如何理解的。

    每個回答都引用文件原文；[1]、[2]… 是來源。<b>更多來源</b> 顯示其他段落，章節按鈕顯示相鄰章節；👍/👎 幫助維護者瞭解回答是否有用。

    <b>命令</b>
    /ask &lt;問題&gt; — 提問
    /sources — 這裡能檢索的文件
    /help — 本說明
help-admin =
    <b>管理員</b>
    發送 .txt、.md、.html、.pdf 或 .docx 文件（或用 /add 回覆文件）即可新增：在私訊中加入共享文件庫，在群組中加入該群自己的文件集。
    /stats — 文件、分塊、索引大小、已回答問題、回饋
    /forget &lt;編號或來源&gt; — 刪除文件（編號見 /sources；在群組中只刪除該群文件集中的文件）
    /unanswered — 未能回答的問題（只在私訊中可用）
unknown-command = 我不認識這個命令。/help 列出我能做的事；其他文字都會當作問題。
not-text = 我只讀文字問題。請用文字發送你的問題，或查看 /help。

## 來源

sources-none = 我還沒有讀過任何文件。
sources-header = <b>{ $documents } 份文件</b>，{ $passages } 個段落：
sources-shared = <b>共享文件庫</b>
sources-chat = <b>本聊天自己的文件集</b>
sources-line = #{ $id } { $title } — { $passages } 個段落（{ $source }）
sources-more = …… 還有 { $count } 份。

## 管理

not-admin-upload = 謝謝！只有機器人的管理員可以新增文件。請聯繫他們新增這份文件；同時我可以回答已有文件中的問題（/sources）。
not-admin-command = 抱歉，這個命令只供管理員使用。
private-only = 為保護隱私，/unanswered 只能在與我的私訊中使用。
collection-shared = 共享文件庫
collection-group = 本群的文件集
collection-chat = 本聊天的文件集
passages = { $count } 個段落
upload-unsupported = 我能讀取 { $types } 文件；“{ $name }”不是其中之一。
upload-too-big = “{ $name }”有 { $size }；我最多能接收 { $limit } 的文件。
upload-unchanged = “{ $name }”已在{ $collection }中，標題為 <b>{ $title }</b>（{ $passages }），沒有變化。
upload-added = ✅ 已將“{ $name }”加入{ $collection }，標題為 <b>{ $title }</b>：{ $passages }，用時 { $seconds } 秒。現在可以提問了！
upload-updated = ✅ 已更新{ $collection }中的“{ $name }”，標題為 <b>{ $title }</b>：{ $passages }，用時 { $seconds } 秒。現在可以提問了！
upload-not-read = ❌ 無法新增“{ $name }”：{ $reason }。
upload-failed = 抱歉，無法新增“{ $name }”：{ $reason }。
upload-nothing-read = 沒有讀出任何內容
add-usage = 用 /add 回覆一份文件（.txt、.md、.html、.pdf 或 .docx 文件），即可將它加入{ $collection }。
forget-usage = 用法：/forget &lt;文件編號或來源&gt; — 編號見 /sources。
forget-not-found = { $collection }中沒有與“{ $ref }”匹配的文件。/sources 列出了編號。
forget-shared-in-group = #{ $id } 在共享文件庫中，不在本群的文件集中：請在與我的私訊中刪除。
forget-removed = 已從{ $collection }刪除 #{ $id }“{ $title }”，回答中不會再出現它。
stats =
    <b>索引</b>
    文件：{ $documents }（共享文件庫：{ $shared }，聊天文件集：{ $chats }）
    分塊：{ $chunks }
    索引大小：{ $size }（SQLite）
    模型：{ $model }
    向量：{ $vectors }
    上次匯入：{ $lastIngest }
    版本：{ $generation }

    <b>使用情況</b>
    已回答問題：{ $questions }
    回饋：👍 { $up } · 👎 { $down }
    記錄的未回答問題：{ $unanswered }
stats-no-model = 無 — 只用詞彙檢索（EMBED_MODEL={ $model }）
stats-never = 從未
stats-warnings = <b>警告</b>
stats-chat = 本聊天的 ID：<code>{ $chat }</code>（用於 <code>npm run ingest -- --chat { $chat }</code>）

## 未回答的問題

unanswered-none = 還沒有記錄到未回答的問題。
unanswered-title = <b>未回答的問題</b>（共記錄 { $total } 條）
unanswered-recent = <b>最近的</b>
unanswered-repeated = <b>問得最多的</b>
unanswered-no-repeats = <i>還沒有被問過兩次的問題。</i>
unanswered-line = • { $when } · { $where } · { $reason }：{ $question }
unanswered-group = • { $count } 次 { $question }（最近 { $when }；{ $reasons }）
unanswered-candidate = { "  " }↳ 最接近的段落：{ $candidate }
unanswered-private = 私訊
unanswered-group-chat = 群組 { $chat }
reason-empty_question = 空問題
reason-nothing_retrieved = 沒有匹配內容
reason-constraint_failed = 沒有段落符合問題要求
reason-weak_evidence = 證據不足
reason-downvoted = 👎

## 行內模式

inline-help-title = 輸入一個關於文件的問題
inline-help-description = 例如：{ $example }
inline-help =
    <b>向 @{ $username } 詢問文件內容</b>

    在機器人名稱後輸入問題，例如：
    { $examples }
inline-not-found-title = 文件中沒有找到答案
inline-answer-title = 回答：{ $answer }
inline-answer-description = { $answer }（{ $sources } 個來源）
inline-private-button = 在私訊中提問

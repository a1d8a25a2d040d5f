# 机器人自己的话（简体中文）。标记是 Telegram HTML；每个 { $变量 } 在代码中已转义。
# 三个语言文件的键必须一致（有测试检查）。

## 回答

answered-as = <i>按此理解：</i>{ $question }
sources-heading = <b>来源</b>
key-terms = <b>关键词：</b>
page = 第 { $page } 页
untitled = 无标题
language-en = 英文
language-zh-Hans = 简体中文
language-zh-Hant = 繁体中文
language-mixed = 中英文
not-found-empty_question = 请就文档提一个问题。
not-found-nothing_retrieved = 文档中没有与这个问题相关的内容。
not-found-constraint_failed = 文档提到了相关内容，但没有一段说明问题所问的（问题要求的年份、名称或数字类型）。
not-found-weak_evidence = 没有找到能足够清楚地回答这个问题、可以引用的段落。
not-found-hint = <i>可以换用文档中的说法再问，或用 /sources 查看我读过的文档。</i>
more-sources-header = <i>更多来源（第 { $from }–{ $to } 条，共 { $total } 条）：{ $question }</i>
more-sources-end = <i>这个问题的来源已全部列出：{ $question }</i>
shortened = <i>（已缩短：在私聊中问我可看到全部来源）</i>
answer-failed = 抱歉，检索文档时出了问题，请稍后再试。
examples =
    • 2019年学前教育三年毛入园率的目标是多少？
    • 2019年全市教育工作的总体要求是什么？
    • 里弗顿公共图书馆2023年接待了多少人次？
empty-question =
    请就文档向我提问，例如：
    { $examples }
related-title = <b>{ $heading }</b>
related-empty = <i>这一节没有可以引用的句子。</i>

## 按钮及其回应

button-more-sources = 更多来源
button-previous = « 上一页
button-next = 更多来源 »
toast-expired = 这个回答已超过7天，按钮已失效，请重新提问。
toast-unknown-button = 这个按钮已失效，请重新提问。
toast-section-gone = 这一节已不在文档中。
feedback-up = 谢谢！很高兴对你有帮助。
feedback-down = 谢谢，已记录，我会改进。
feedback-already = 已经记录过了，谢谢！
feedback-changed = 已更改，谢谢！

## 限制与权限

rate-limit = 提问太快了，请稍等几秒。
rate-limit-button = 请慢一点。
not-allowed = 抱歉，这是一个私有机器人，只为自己的团队服务。请联系管理员添加你的 Telegram ID。
not-allowed-button = 抱歉，这是一个私有机器人。

## 命令

command-ask = 就文档提问
command-sources = 查看这里能检索的文档
command-help = 使用说明
command-start = 机器人简介
command-add = 添加所回复的文档（管理员）
command-stats = 索引与使用统计（管理员）
command-forget = 删除文档：/forget <编号>（管理员）
command-unanswered = 未能回答的问题（管理员）
start =
    <b>你好！我根据一组文档回答问题</b>，并引用所用的段落、标明来源编号，方便你核对每个回答。

    可以用中文或英文提问，例如：
    { $examples }

    /sources 列出我读过的文档 · /help 查看全部功能。
    在任何聊天中也可以输入 <code>@{ $username } 你的问题</code>。
start-ask = 把问题发给我吧，长短不限，我会根据文档回答并注明来源。
help =
    <b>如何提问</b>
    • 在这里：直接发送问题（中文或英文）。
    • 在群组中：<code>/ask 你的问题</code>，提及 <code>@{ $username }</code>，或回复我的消息。
    • 在任何地方：输入 <code>@{ $username } 你的问题</code>，选择回答或段落（只检索共享文档库）。

    <b>追问</b>
    回复我的回答，或在10分钟内接着问：“去年呢？”“那浙江呢？”“小学呢？”会按你上一个问题补全，并显示我是如何理解的。

    每个回答都引用文档原文；[1]、[2]… 是来源。<b>更多来源</b> 显示其他段落，章节按钮显示相邻章节；👍/👎 帮助维护者了解回答是否有用。

    <b>命令</b>
    /ask &lt;问题&gt; — 提问
    /sources — 这里能检索的文档
    /help — 本说明
help-admin =
    <b>管理员</b>
    发送 .txt、.md、.html、.pdf 或 .docx 文件（或用 /add 回复文件）即可添加：在私聊中加入共享文档库，在群组中加入该群自己的文档集。
    /stats — 文档、分块、索引大小、已回答问题、反馈
    /forget &lt;编号或来源&gt; — 删除文档（编号见 /sources；在群组中只删除该群文档集中的文档）
    /unanswered — 未能回答的问题（只在私聊中可用）
unknown-command = 我不认识这个命令。/help 列出我能做的事；其他文字都会当作问题。
not-text = 我只读文字问题。请用文字发送你的问题，或查看 /help。

## 来源

sources-none = 我还没有读过任何文档。
sources-header = <b>{ $documents } 份文档</b>，{ $passages } 个段落：
sources-shared = <b>共享文档库</b>
sources-chat = <b>本聊天自己的文档集</b>
sources-line = #{ $id } { $title } — { $passages } 个段落（{ $source }）
sources-more = …… 还有 { $count } 份。

## 管理

not-admin-upload = 谢谢！只有机器人的管理员可以添加文档。请联系他们添加这份文档；同时我可以回答已有文档中的问题（/sources）。
not-admin-command = 抱歉，这个命令只供管理员使用。
private-only = 为保护隐私，/unanswered 只能在与我的私聊中使用。
collection-shared = 共享文档库
collection-group = 本群的文档集
collection-chat = 本聊天的文档集
passages = { $count } 个段落
upload-unsupported = 我能读取 { $types } 文件；“{ $name }”不是其中之一。
upload-too-big = “{ $name }”有 { $size }；我最多能接收 { $limit } 的文件。
upload-unchanged = “{ $name }”已在{ $collection }中，标题为 <b>{ $title }</b>（{ $passages }），没有变化。
upload-added = ✅ 已将“{ $name }”加入{ $collection }，标题为 <b>{ $title }</b>：{ $passages }，用时 { $seconds } 秒。现在可以提问了！
upload-updated = ✅ 已更新{ $collection }中的“{ $name }”，标题为 <b>{ $title }</b>：{ $passages }，用时 { $seconds } 秒。现在可以提问了！
upload-not-read = ❌ 无法添加“{ $name }”：{ $reason }。
upload-failed = 抱歉，无法添加“{ $name }”：{ $reason }。
upload-nothing-read = 没有读出任何内容
add-usage = 用 /add 回复一份文档（.txt、.md、.html、.pdf 或 .docx 文件），即可将它加入{ $collection }。
forget-usage = 用法：/forget &lt;文档编号或来源&gt; — 编号见 /sources。
forget-not-found = { $collection }中没有与“{ $ref }”匹配的文档。/sources 列出了编号。
forget-shared-in-group = #{ $id } 在共享文档库中，不在本群的文档集中：请在与我的私聊中删除。
forget-removed = 已从{ $collection }删除 #{ $id }“{ $title }”，回答中不会再出现它。
stats =
    <b>索引</b>
    文档：{ $documents }（共享文档库：{ $shared }，聊天文档集：{ $chats }）
    分块：{ $chunks }
    索引大小：{ $size }（SQLite）
    模型：{ $model }
    向量：{ $vectors }
    上次导入：{ $lastIngest }
    版本：{ $generation }

    <b>使用情况</b>
    已回答问题：{ $questions }
    反馈：👍 { $up } · 👎 { $down }
    记录的未回答问题：{ $unanswered }
stats-no-model = 无 — 只用词汇检索（EMBED_MODEL={ $model }）
stats-never = 从未
stats-warnings = <b>警告</b>
stats-chat = 本聊天的 ID：<code>{ $chat }</code>（用于 <code>npm run ingest -- --chat { $chat }</code>）

## 未回答的问题

unanswered-none = 还没有记录到未回答的问题。
unanswered-title = <b>未回答的问题</b>（共记录 { $total } 条）
unanswered-recent = <b>最近的</b>
unanswered-repeated = <b>问得最多的</b>
unanswered-no-repeats = <i>还没有被问过两次的问题。</i>
unanswered-line = • { $when } · { $where } · { $reason }：{ $question }
unanswered-group = • { $count } 次 { $question }（最近 { $when }；{ $reasons }）
unanswered-candidate = { "  " }↳ 最接近的段落：{ $candidate }
unanswered-private = 私聊
unanswered-group-chat = 群组 { $chat }
reason-empty_question = 空问题
reason-nothing_retrieved = 没有匹配内容
reason-constraint_failed = 没有段落符合问题要求
reason-weak_evidence = 证据不足
reason-downvoted = 👎

## 内联模式

inline-help-title = 输入一个关于文档的问题
inline-help-description = 例如：{ $example }
inline-help =
    <b>向 @{ $username } 询问文档内容</b>

    在机器人名称后输入问题，例如：
    { $examples }
inline-not-found-title = 文档中没有找到答案
inline-answer-title = 回答：{ $answer }
inline-answer-description = { $answer }（{ $sources } 个来源）
inline-private-button = 在私聊中提问

// A report the bot tests write: fifteen branches that each say the same kind of thing, so a
// question about one branch is answered by its passage and the other fourteen are related
// passages worth paging through (buttons in a chat, next_offset inline).
const DISTRICTS = ["东城", "西城", "南湖", "北山", "中山", "江北", "江南", "河东", "河西", "新港", "老城", "东湖", "西湖", "高新", "滨海"];
export const BRANCH_REPORT = `# 星海市图书馆2023年分馆年报\n\n${DISTRICTS.map((d, i) => `## ${d}分馆\n\n${d}分馆2023年共借出图书${(41 + i) * 1000}册，接待读者${(12 + i) * 1000}人次。\n`).join("\n")}`;

// What a question asks its answer to state, and which clauses state it: pure rules, checked on
// questions and clauses of both languages written for these tests.
import { describe, expect, it } from "vitest";
import { answerKind, extractFigures, statesAnswerKind, statesDefinition } from "../../src/search/answer-kind.js";
import { questionNames } from "../../src/search/question.js";

const namedEntities = (q: string): string[] => questionNames(q).map((n) => n.surface);

describe("answerKind", () => {
  it("reads a 'what' question about a quantity noun as asking for a figure, contracted or not", () => {
    for (const q of [
      "What's the city's economic growth target for next year?",
      "What was the county's GDP in 2020?",
      "What grain output is the region aiming for?",
    ])
      expect(answerKind(q), q).toMatchObject({ quantity: true, form: "figure" });
    expect(answerKind("What does the plan say about parks?")).toMatchObject({ quantity: false });
  });

  it("tells a count from a share", () => {
    expect(answerKind("How many buses were bought?")).toMatchObject({ quantity: true, count: true });
    expect(answerKind("How many of the trips were by bus, as a percentage?")).toMatchObject({ quantity: true, count: false });
    expect(answerKind("买了多少辆公交车？")).toMatchObject({ quantity: true, count: true });
    expect(answerKind("准点率是多少？")).toMatchObject({ quantity: true, count: false });
  });

  it("knows an average and a unit when the question names them", () => {
    expect(answerKind("What is the average wage of drivers?")).toMatchObject({ quantity: true, average: true });
    expect(answerKind("司机的平均工资是多少？").average).toBe(true);
    expect(answerKind("总投入是多少亿元？").unit).toBe("元");
    expect(answerKind("總投入是多少億元？").unit).toBe("元");
    expect(answerKind("接待了多少人次？").unit).toBe("人次");
    expect(answerKind("Who opened the bridge?").quantity).toBe(false);
  });
});

describe("metric units as Taiwan and Hong Kong write them", () => {
  it("reads a figure in 公尺 and 平方公尺 as metres and square metres, in words or digits", () => {
    // Clauses written for this test, in the way Taiwan's rules state sizes and distances.
    const area = answerKind("每个停车位最小要多大面积？");
    expect(statesAnswerKind(area, "每一停車位面積不得小於十二平方公尺")).toBe(true);
    expect(statesAnswerKind(answerKind("停车位最少多少平方米？"), "每一停車位面積不得小於十二平方公尺")).toBe(true);
    expect(statesAnswerKind(answerKind("离学校至少多少米？"), "距離學校不得少於五百公尺")).toBe(true);
    expect(answerKind("距離學校至少幾公尺？").unit).toBe("米");
    expect(extractFigures("每人行李不得超過二十公斤")).toEqual(["二十公斤"]);
  });
});

describe("what is counted or averaged", () => {
  it("reads the counted phrase up to its verb or preposition", () => {
    expect(answerKind("How many books did the branch lend?").counted).toEqual(["books"]);
    expect(answerKind("How many new school places were created?").counted).toEqual(["school", "places"]);
    expect(answerKind("全市有多少所幼儿园？").counted).toEqual(["幼儿园"]);
    expect(answerKind("接待了多少人次？").counted).toEqual([]);
  });

  it("reads what an average is taken of", () => {
    expect(answerKind("What is the average salary of drivers?").counted).toEqual(["salary"]);
    expect(answerKind("司机平均月薪是多少？").counted).toEqual(["月薪"]);
  });

  it("lets a question that asks two things bind no single kind", () => {
    const both = answerKind("How much was spent on buses, and how many were bought?");
    expect(both.count).toBe(false);
    expect(both.money).toBe(false);
    expect(both.quantity).toBe(true);
  });
});

describe("money and time", () => {
  it("reads 'when' as asking for a date only as the question word, not as a conjunction", () => {
    expect(answerKind("When does the new fee structure start?").date).toBe(true);
    expect(answerKind("In Taiwan, when did the act take effect?").date).toBe(true);
    expect(answerKind("What margins do I need to leave when printing my thesis?").date).toBe(false);
    expect(answerKind("Is there a fee when I apply online?").date).toBe(false);
  });

  it("wants money for what something costs", () => {
    const cost = answerKind("How much will the new bridge cost?");
    expect(cost.money).toBe(true);
    expect(statesAnswerKind(cost, "the city will build 3 bridges")).toBe(false);
    expect(statesAnswerKind(cost, "the bridge will cost $35 million")).toBe(true);
    expect(statesAnswerKind(answerKind("建这座桥花了多少钱？"), "投资3.5亿元建设桥梁")).toBe(true);
    expect(statesAnswerKind(answerKind("建这座桥花了多少钱？"), "建设桥梁3座")).toBe(false);
    // A budget may be answered by how much it grew.
    expect(statesAnswerKind(answerKind("桥梁预算增加了多少？"), "桥梁预算增加了17.5%")).toBe(true);
  });

  it("wants money for a fee, a price or a subsidy asked with 多少 or 'how much'", () => {
    const fee = answerKind("外國人申請歸化國籍要繳多少規費？");
    expect(fee.money).toBe(true);
    expect(statesAnswerKind(fee, "外國人申請歸化，應於許可歸化之日起一年內提出喪失原有國籍證明。")).toBe(false);
    expect(statesAnswerKind(fee, "申請歸化國籍之規費為新臺幣一千二百元。")).toBe(true);
    expect(answerKind("补贴是多少？").money).toBe(true);
    expect(answerKind("How much subsidy can a landlord get?").money).toBe(true);
    // A count of projects, a rate and a rise are no amounts of money.
    expect(answerKind("资助多少个项目？").money).toBe(false);
    expect(answerKind("费率是多少？").money).toBe(false);
    expect(answerKind("How much time do I have?").money).toBe(false);
    // A "what" question about a tax or a fine wants money too, not its share or rate.
    const tax = answerKind("What's the tax on beer per litre?");
    expect(tax).toMatchObject({ quantity: true, money: true });
    expect(statesAnswerKind(tax, "啤酒：每公升徵收新臺幣二十六元。")).toBe(true);
    expect(statesAnswerKind(tax, "啤酒之稅額依本法第八條計算。")).toBe(false);
    expect(answerKind("What fine can an employer get?").money).toBe(true);
    // A long name counts as one word between "what" and the quantity asked.
    expect(answerKind("What is the Putuo District Commerce Commission's total revenue budget for 2025?").quantity).toBe(true);
    expect(answerKind("What is the Hong Kong Observatory's warning for Typhoon Signal No. 8?").quantity).toBe(false);
    expect(answerKind("What percentage of fees goes to GitHub?").money).toBe(false);
    expect(answerKind("What did the pilot pay attention to?").quantity).toBe(false);
    // Labour rules state compensation as months of wages.
    expect(statesAnswerKind(answerKind("雇主要給多少喪葬費？"), "雇主除給與五個月平均工資之喪葬費外，並應給與遺屬死亡補償。")).toBe(true);
    // A fee or a tax is often a share of the sum; a share of something else is no amount.
    const cardFee = answerKind("如果用信用卡付款，还会额外收多少费用？");
    expect(cardFee.money).toBe(true);
    expect(statesAnswerKind(cardFee, "If payment is made via credit card, an additional 3% fee will be applied.")).toBe(true);
    expect(statesAnswerKind(answerKind("How much tax is due on a sale?"), "營業稅稅率為5%。")).toBe(true);
    expect(statesAnswerKind(cardFee, "Payments by credit card rose 3% last year.")).toBe(false);
  });

  it("wants a time of day for 'what time'", () => {
    const time = answerKind("What time does the library open on Sundays?");
    expect(time.time).toBe(true);
    expect(statesAnswerKind(time, "Sunday opening was extended to 4 more branches")).toBe(false);
    expect(statesAnswerKind(time, "branches open at 10:00 on Sundays")).toBe(true);
    expect(statesAnswerKind(answerKind("星期日几点开门？"), "星期日上午9点开门")).toBe(true);
  });

  it("reads a question that asks a name outright as a name question", () => {
    expect(answerKind("图书馆馆长叫什么名字？").form).toBe("name");
    expect(answerKind("What is the name of the ferry operator?").form).toBe("name");
  });

  it("takes a year in Chinese digits as a date, and 哪几个月 as asking which months", () => {
    const year = answerKind("In which year did the Harbour school open its TV studio?");
    expect(statesAnswerKind(year, "本校於二零零五年度成功申請撥款，建立校園電視台")).toBe(true);
    expect(statesAnswerKind(year, "本校成功申請撥款，建立校園電視台")).toBe(false);
    const months = answerKind("河城泳會的會籍是哪几个月有效？");
    expect(months.date).toBe(true);
    expect(statesAnswerKind(months, "Membership runs from May to October")).toBe(true);
  });

  it("reads 'what hours is it open' as the hours of the day, and 'how many hours' as a number", () => {
    const hours = answerKind("What hours is the Harbour pool open on Wednesdays?");
    expect(hours.time).toBe(true);
    expect(statesAnswerKind(hours, "priority use of the pool during club hours, and two free towels")).toBe(false);
    expect(statesAnswerKind(hours, "Wednesday 1:00 pm to 10:00 pm")).toBe(true);
    expect(answerKind("How many hours a week is the pool open?").time).toBe(false);
  });
});

describe("figures in words and the kinds they answer", () => {
  it("reads Chinese numerals with a measure word as figures, not every 一", () => {
    expect(extractFigures("研制三年规划，实现七個提升")).toEqual(["三年", "七個"]);
    expect(extractFigures("发展一批普惠性幼儿园，统一标准")).toEqual([]);
    expect(statesAnswerKind(answerKind("要制定一个几年的规划？"), "研制三年规划")).toBe(true);
  });

  it("reads amounts, shares and counts written in words", () => {
    expect(extractFigures("每件新臺幣一萬元；每千支徵收新臺幣五百九十元")).toEqual(["一萬元", "千支", "五百九十元"]);
    expect(extractFigures("受訪者中有百分之九十六點四，三分之一以上")).toEqual(["百分之九十六點四", "三分之一"]);
    expect(extractFigures("section 108 permits up to three copies")).toEqual(["108", "three"]);
    expect(extractFigures("every one of them")).toEqual([]);
    expect(statesAnswerKind(answerKind("外僑永久居留證的規費是多少？"), "外僑永久居留證：每件新臺幣一萬元。")).toBe(true);
  });

  it("does not take a reference (第五款, section 1201) for the quantity asked, unless an ordinal is asked", () => {
    const score = answerKind("What score do you need on the language test?");
    expect(statesAnswerKind(score, "第一項第五款所定基本語言能力之標準，由內政部定之")).toBe(false);
    expect(statesAnswerKind(score, "a violation of section 1201 may be brought to court")).toBe(false);
    expect(statesAnswerKind(score, "the pass mark is 60 points")).toBe(true);
    const edition = answerKind("今年的展示活动是第几届？");
    expect(edition.ordinal).toBe(true);
    expect(statesAnswerKind(edition, "举办第十届展示活动")).toBe(true);
  });

  it("takes working days and 日 for the days a Chinese question asks, in digits or numerals", () => {
    const days = answerKind("销售者最晚多少天要给我答复？");
    expect(days.unit).toBe("天");
    expect(statesAnswerKind(days, "应当自收到相关要求之日起10个工作日内作出答复。")).toBe(true);
    expect(statesAnswerKind(days, "自求職登記之日起十四日內推介就業。")).toBe(true);
    expect(statesAnswerKind(days, "处五千元以上罚款。")).toBe(false);
  });

  it("wants the unit an English question names", () => {
    const hours = answerKind("What are the weekly opening hours of the branch?");
    expect(hours.quantity).toBe(true);
    expect(statesAnswerKind(hours, "the branch had 161,000 visits")).toBe(false);
    expect(statesAnswerKind(hours, "opening hours rose from 52 to 56 hours")).toBe(true);
  });

  it("asks a number to dial, an e-mail or a web address in the shape it is written", () => {
    const fax = answerKind("申請書號的話，註冊組的傳真號碼是多少？");
    expect(fax.contact).toBe("phone");
    expect(statesAnswerKind(fax, "傳真：2180 9841")).toBe(true);
    expect(statesAnswerKind(fax, "客戶服務中心（服務電話96766）")).toBe(true);
    expect(statesAnswerKind(fax, "書號於2019 2020年發出十個")).toBe(false);
    expect(statesAnswerKind(fax, "每次發出不少於十個書號。")).toBe(false);
    const ring = answerKind("Which number should I ring to book a room at the Central Library?");
    expect(statesAnswerKind(ring, "Room bookings: +852 2921 0503")).toBe(true);
    expect(statesAnswerKind(ring, "The library has 3 rooms for 40 people.")).toBe(false);
    const mail = answerKind("客服的電子郵件地址是什麼？");
    expect(mail.contact).toBe("email");
    expect(statesAnswerKind(mail, "Email: help@example.org")).toBe(true);
    expect(statesAnswerKind(mail, "電話：400-822-5888")).toBe(false);
  });

  it("reads 哪几个 as which ones, and which stretch of the day as clock times", () => {
    const slots = answerKind("轻轨的高峰期票价是哪几个时间段收的？");
    expect(slots.count).toBe(false);
    expect(slots.time).toBe(true);
    expect(statesAnswerKind(slots, "高峰期费用$2.5/票，时间为周一至周五6:00-9:00和15:00-18:30。")).toBe(true);
    expect(answerKind("全市有几个公园？").count).toBe(true);
  });

  it("does not ask a date of a question whether there is a deadline, but does when it asks when", () => {
    expect(answerKind("申请到的书号有没有使用期限？").quantity).toBe(false);
    expect(answerKind("申请有截止日期吗？什么时候截止？").date).toBe(true);
    expect(answerKind("申请的截止日期是哪天？").date).toBe(true);
  });

  it("leaves the time a phone line is staffed, or whether one can write, to their own kinds", () => {
    expect(answerKind("客服电话每天几点到几点有人接？").contact).toBeUndefined();
    expect(answerKind("Can I apply by email?").contact).toBeUndefined();
  });

  it("takes clock times for hours asked as a noun, but not for hours counted", () => {
    const opening = answerKind("What are the Records Office's opening hours on weekdays?");
    expect(statesAnswerKind(opening, "Monday to Friday: 8:45 am – 1:00 pm, 2:00 pm – 6:00 pm")).toBe(true);
    expect(statesAnswerKind(opening, "The office has 12 staff.")).toBe(false);
    const counted = answerKind("How many hours a week is the office open?");
    expect(statesAnswerKind(counted, "Monday to Friday: 8:45 am – 1:00 pm")).toBe(false);
  });

  it("takes a unit word elsewhere in the question for context when it asks how much of something else", () => {
    const funding = answerKind("According to the council minutes, how much funding does the new foundation need?");
    expect(funding.unit).toBeUndefined();
    expect(statesAnswerKind(funding, "注册基金会需要准备资金（200 万），并明确发起单位。")).toBe(true);
    expect(answerKind("How much is the monthly fee in dollars?").unit).toBe("元");
    // One thing's price, asked without a word of money.
    expect(answerKind("How much is an adult membership at the Harbour club?").money).toBe(true);
    expect(answerKind("How much are two tickets for the Sunday show?").money).toBe(true);
    expect(answerKind("How much is the increase in visitors?").money).toBe(false);
    expect(answerKind("How many volunteers helped, and how many hours did they give?").unit).toBe("小时");
  });

  it("reads 'how many minutes' as a measure, which Chinese text may write as 'min'", () => {
    const minutes = answerKind("How many minutes did each speaker get at the booth?");
    expect(minutes).toMatchObject({ count: false, unit: "分钟" });
    expect(statesAnswerKind(minutes, "两位讲者参加线上展台（张三 15 min.，李四 5 min.）。")).toBe(true);
    expect(statesAnswerKind(minutes, "两位讲者参加了线上展台。")).toBe(false);
  });

  it("answers a count of units of time in that unit, whatever the words between", () => {
    const working = answerKind("How many working days does the authority take to approve an application?");
    expect(working).toMatchObject({ count: false, unit: "天" });
    expect(statesAnswerKind(working, "The authority approves an application within 10 working days.")).toBe(true);
    expect(statesAnswerKind(working, "申请人须于通知书发出日期起计 24 个月内完成工程。")).toBe(false);
    const years = answerKind("住房公积金贷款最长可以贷几年？");
    expect(years).toMatchObject({ unit: "年" });
    expect(statesAnswerKind(years, "贷款期限最长不超过三十年。")).toBe(true);
    expect(statesAnswerKind(years, "贷款额度最高为六十万元。")).toBe(false);
    const months = answerKind("审批一般需要几个月？");
    expect(months).toMatchObject({ count: false, unit: "个月" });
    expect(statesAnswerKind(months, "审批一般需要三个月。")).toBe(true);
    expect(answerKind("How many years must I wait before I can apply?").unit).toBe("年");
    // A unit of time after what is counted is a condition: the permits are counted.
    expect(answerKind("How many permits were issued in two years?")).toMatchObject({ count: true, counted: ["permits"] });
    expect(answerKind("Teacher training: how many participants last year?").unit).toBeUndefined();
    expect(answerKind("几月几号开会？").unit).toBeUndefined();
  });

  it("wants a date for 'when'", () => {
    const when = answerKind("When will the new system be in place?");
    expect(when.date).toBe(true);
    expect(statesAnswerKind(when, "the system will serve 40 branches")).toBe(false);
    expect(statesAnswerKind(when, "the new system goes live in September 2024")).toBe(true);
    // A period after an event says when too, in digits or words.
    const received = answerKind("When is a notice deemed to have been received?");
    expect(statesAnswerKind(received, "Notices are deemed received one (1) business day after delivery by email.")).toBe(true);
    expect(statesAnswerKind(received, "The first payout is made sixty days after the first sponsorship.")).toBe(true);
    expect(statesAnswerKind(received, "Notices must be sent by email to the address on file.")).toBe(false);
    expect(statesAnswerKind(answerKind("新系统什么时候上线？"), "新系统将于2024年9月上线")).toBe(true);
    const weekday = answerKind("电影俱乐部通常在星期几放映？");
    expect(weekday.date).toBe(true);
    expect(statesAnswerKind(weekday, "The library hosted 46 author talks and a monthly film club")).toBe(false);
    expect(statesAnswerKind(weekday, "The film club meets on the first Friday of each month")).toBe(true);
  });
});

describe("rates and measures", () => {
  it("reads 率 as a rate only where it ends one", () => {
    expect(answerKind("合格率是多少？").quantity).toBe(true);
    expect(answerKind("哪个区率先启动了改革？").quantity).toBe(false);
  });

  it("finds a Chinese question's measure in English text", () => {
    const km = answerKind("流动图书车行驶了多少公里？");
    expect(statesAnswerKind(km, "The van made 1,020 stops")).toBe(false);
    expect(statesAnswerKind(km, "The van drove 18,400 km")).toBe(true);
  });
});

describe("questionNames", () => {
  it("finds capitalised names after the first word, and Latin words in Chinese questions", () => {
    expect(namedEntities("What are the opening hours of the Harbour Road branch?")).toEqual(["Harbour Road"]);
    expect(namedEntities("How many teachers went to Tibet and Xinjiang?")).toEqual(["Tibet", "Xinjiang"]);
    expect(namedEntities("图书馆的Eastside分馆有多少名员工？")).toEqual(["Eastside"]);
  });

  it("takes a short Latin word after a figure or 几 in a Chinese question for its unit, not a name", () => {
    expect(namedEntities("海報標題字體要用幾pt？")).toEqual([]);
    expect(namedEntities("每月用电超过200kWh怎么收费？")).toEqual([]);
  });

  it("takes Latin words as names only in a question mostly in Chinese", () => {
    expect(namedEntities("公交App叫什么名字？")).toEqual(["App"]);
    // An English question quoting a Chinese term: its lower-case words are not names.
    expect(namedEntities("In the Harbour report, what does the term 'green loop' (绿色环线) actually mean?")).toEqual(["Harbour"]);
  });

  it("leaves out weekdays and months, also in the plural", () => {
    expect(namedEntities("What hours is the Harbour Road pool open on Wednesdays?")).toEqual(["Harbour Road"]);
    expect(namedEntities("Is the Eastside branch closed on Sundays in January?")).toEqual(["Eastside"]);
    expect(namedEntities("How far is Mars from the Harbour observatory?")).toEqual(["Mars", "Harbour"]);
  });

  it("leaves out generic capitals, hyphenated adjectives and the first word", () => {
    expect(namedEntities("How many Sino-foreign programmes does the Bureau run?")).toEqual([]);
    expect(namedEntities("Harbour visits?")).toEqual([]);
  });
});

describe("statesAnswerKind", () => {
  const count = answerKind("How many buses were bought?");
  const money = answerKind("总投入是多少亿元？");
  const average = answerKind("What is the average wage?");

  it("takes 一 with the measure word a Chinese count asks with as its answer", () => {
    const photos = answerKind("报名时要交几张照片？");
    expect(statesAnswerKind(photos, "报名时须交一张近期证件照")).toBe(true);
    expect(statesAnswerKind(photos, "报名时须交一份申请表")).toBe(false);
  });

  it("does not take a date in Chinese numerals for a figure", () => {
    const budget = answerKind("預算會有多少？");
    expect(statesAnswerKind(budget, "本會將按截至二零二七年六月三十日止年度的計劃執行")).toBe(false);
    expect(statesAnswerKind(budget, "工期为三个月")).toBe(true);
  });

  it("wants a figure that is not just a year", () => {
    expect(statesAnswerKind(count, "In 2022 the fleet was renewed")).toBe(false);
    expect(statesAnswerKind(count, "the city bought 300 buses")).toBe(true);
  });

  it("does not take a percentage for a count", () => {
    expect(statesAnswerKind(count, "buses made up 38% of trips")).toBe(false);
  });

  it("wants money for money, in Chinese text", () => {
    expect(statesAnswerKind(money, "投入新能源公交车300辆")).toBe(false);
    expect(statesAnswerKind(money, "投入资金3.5亿元")).toBe(true);
    expect(statesAnswerKind(money, "投入資金3.5億元")).toBe(true);
    // The unit is a Chinese word: an English passage states money its own way.
    expect(statesAnswerKind(money, "the city invested $35 million")).toBe(true);
  });

  it("wants an average stated as one", () => {
    expect(statesAnswerKind(average, "salaries rose by 4%")).toBe(false);
    expect(statesAnswerKind(average, "the average wage was 5,200 yuan")).toBe(true);
    expect(statesAnswerKind(average, "平均工资达到5200元")).toBe(true);
    // A median is an average a report states in Chinese as 中位数.
    expect(statesAnswerKind(answerKind("What was the median waiting time?"), "轮候时间中位数由5.3个月延长至15.9个月")).toBe(true);
  });
});

describe("statesDefinition", () => {
  it("knows what an abbreviation's expansion is said with", () => {
    expect(statesDefinition("“ltv” is shorthand for “loan to value.”")).toBe(true);
    expect(statesDefinition("pto stands for paid time off")).toBe(true);
    expect(statesDefinition("消委会是消费者委员会的简称")).toBe(true);
    expect(statesDefinition("the form stated the loan was pending")).toBe(false);
  });
});

describe("a year or a month is a date, not the figure asked for", () => {
  it("does not take a report's dated title for a figure", () => {
    const kind = answerKind("What was the firm's sales revenue in the third quarter?");
    expect(statesAnswerKind(kind, "2021年第三季度报告")).toBe(false);
    expect(statesAnswerKind(kind, "2021 年第三季度报告 2021 年 10 月")).toBe(false);
    expect(statesAnswerKind(kind, "本季度营业收入3,210.5万元。")).toBe(true);
    // A duration in months is still a figure.
    expect(statesAnswerKind(answerKind("How many months will the works take?"), "工期为4个月。")).toBe(true);
  });
});

describe("the day of an English date", () => {
  it("is no answer to a count, while the count beside it is", () => {
    const pets = answerKind("How many pets can I keep in my unit?");
    // A title line dated "July 14, 1987" states no number of pets.
    expect(statesAnswerKind(pets, "Rules originally approved by the Board of Directors on July 14, 1987")).toBe(false);
    expect(statesAnswerKind(pets, "The meeting of 14 July 2024 adopted the rules.")).toBe(false);
    expect(statesAnswerKind(pets, "No more than 2 pets are allowed in a unit.")).toBe(true);
    expect(statesAnswerKind(pets, "Since the 3rd of May, 7 pets have been registered.")).toBe(true);
  });

  it("still answers a question asking for the date", () => {
    expect(statesAnswerKind(answerKind("When were the rules first approved?"), "Approved on July 14, 1987")).toBe(true);
  });
});

// What a question asks its answer to state, and which clauses state it: pure rules, checked on
// questions and clauses of both languages written for these tests.
import { describe, expect, it } from "vitest";
import { answerKind, statesAnswerKind } from "../../src/search/answer-kind.js";

describe("answerKind", () => {
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

describe("statesAnswerKind", () => {
  const count = answerKind("How many buses were bought?");
  const money = answerKind("总投入是多少亿元？");
  const average = answerKind("What is the average wage?");

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
  });
});

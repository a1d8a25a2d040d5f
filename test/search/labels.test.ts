// Forms, tables and contact blocks set a value on the line after its label ("Office Hours:" /
// "8:45 am – 1:00 pm"): the label is joined to what follows, so the candidate sentence holds
// both. Spans written for this test.
import { describe, expect, it } from "vitest";
import { withLabelsJoined } from "../../src/search/candidates.js";

const span = (text: string, start: number) => ({ text, start, end: start + text.length });

describe("withLabelsJoined", () => {
  it("joins a label line, and a label after it, to the value that follows", () => {
    const joined = withLabelsJoined([span("Office Hours:", 0), span("Monday to Friday:", 14), span("8:45 am – 1:00 pm", 32), span("Closed on holidays.", 50)]);
    expect(joined.map((s) => s.text)).toEqual(["Office Hours: Monday to Friday: 8:45 am – 1:00 pm", "Closed on holidays."]);
    expect(joined[0]).toMatchObject({ start: 0, end: 49 });
  });

  it("joins Chinese labels too, and leaves sentences and a last label alone", () => {
    expect(withLabelsJoined([span("傳真：", 0), span("2180 9841", 4)]).map((s) => s.text)).toEqual(["傳真： 2180 9841"]);
    const sentences = [
      span("The fee is waived.", 0),
      span("Please note the following rules, which apply to every applicant without exception and at all times:", 20),
    ];
    expect(withLabelsJoined(sentences)).toEqual(sentences);
    expect(withLabelsJoined([span("Remarks:", 0)])).toEqual([span("Remarks:", 0)]);
  });
});

/**
 * `list(csv.reader(io.StringIO(text), delimiter=...))` with Python's default (excel, non-strict)
 * dialect: quoted fields may hold the delimiter, newlines and doubled quotes; a quote inside an
 * unquoted field is kept; a blank line is an empty row; input ending inside quotes keeps the field.
 */
export function pythonCsv(text: string, delimiter = ","): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let state: "record" | "start" | "field" | "quoted" | "quote" = "record";
  const endRecord = () => {
    if (state !== "record") row.push(field);
    rows.push(row);
    row = [];
    field = "";
    state = "record";
  };
  const source = text.replace(/\r\n?/g, "\n");
  for (const character of source) {
    if (character === "\n" && state !== "quoted") {
      endRecord();
      continue;
    }
    switch (state) {
      case "record":
      case "start":
        if (character === '"') state = "quoted";
        else if (character === delimiter) {
          row.push("");
          state = "start";
        } else {
          field = character;
          state = "field";
        }
        break;
      case "field":
        if (character === delimiter) {
          row.push(field);
          field = "";
          state = "start";
        } else field += character;
        break;
      case "quoted":
        if (character === '"') state = "quote";
        else field += character;
        break;
      case "quote":
        if (character === '"') {
          field += '"';
          state = "quoted";
        } else if (character === delimiter) {
          row.push(field);
          field = "";
          state = "start";
        } else {
          field += character;
          state = "field";
        }
        break;
    }
  }
  if (state !== "record") endRecord();
  return rows;
}

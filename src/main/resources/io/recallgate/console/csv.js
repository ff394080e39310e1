/*
 * The rules folder's tables as a spreadsheet saves them (RFC 4180, UTF-8): read into rows of cells,
 * and written back with where each cell stands (line and column, 1-based, in characters after a
 * byte-order mark), so an error the service names as "settings.csv:3:24" points at a cell here.
 */
(function () {
  'use strict';

  /** Rows of cell strings, plus what writing the file back must keep (BOM, line ends, last newline). */
  function parse(text) {
    var bom = text.charCodeAt(0) === 0xfeff;
    var s = bom ? text.slice(1) : text;
    var eol = s.indexOf('\r\n') >= 0 ? '\r\n' : '\n';
    var rows = [];
    var row = [];
    var cell = '';
    var i = 0;
    var n = s.length;
    var quoted = false;
    var atCellStart = true;
    while (i < n) {
      var c = s.charAt(i);
      if (quoted) {
        if (c === '"') {
          if (s.charAt(i + 1) === '"') {
            cell += '"';
            i += 2;
            continue;
          }
          quoted = false;
          i++;
          continue;
        }
        cell += c;
        i++;
        continue;
      }
      if (c === '"' && atCellStart) {
        quoted = true;
        atCellStart = false;
        i++;
        continue;
      }
      if (c === ',') {
        row.push(cell);
        cell = '';
        atCellStart = true;
        i++;
        continue;
      }
      if (c === '\r' || c === '\n') {
        row.push(cell);
        rows.push(row);
        row = [];
        cell = '';
        atCellStart = true;
        i += c === '\r' && s.charAt(i + 1) === '\n' ? 2 : 1;
        continue;
      }
      cell += c;
      atCellStart = false;
      i++;
    }
    var finalNewline = n > 0 && (s.charAt(n - 1) === '\n' || s.charAt(n - 1) === '\r');
    if (!finalNewline && (n > 0)) {
      row.push(cell);
      rows.push(row);
    }
    return { rows: rows, bom: bom, eol: eol, finalNewline: finalNewline || n === 0 };
  }

  function needsQuotes(v) {
    return /[",\r\n]/.test(v);
  }

  function quote(v) {
    return needsQuotes(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }

  /**
   * The file's text, and for each row its line and for each cell its column (where its first
   * character, or its opening quote, stands), as the service counts them.
   */
  function write(rows, form) {
    var eol = (form && form.eol) || '\n';
    var out = '';
    var positions = [];
    var line = 1;
    for (var r = 0; r < rows.length; r++) {
      var cells = rows[r];
      var rowPos = { line: line, cells: [] };
      var column = 1;
      var text = '';
      for (var c = 0; c < cells.length; c++) {
        if (c > 0) {
          text += ',';
          column += 1;
        }
        var q = quote(cells[c] == null ? '' : String(cells[c]));
        rowPos.cells.push({ line: line, column: column });
        var breaks = q.split(/\r\n|\r|\n/);
        if (breaks.length > 1) {
          line += breaks.length - 1;
          column = breaks[breaks.length - 1].length + 1;
        } else {
          column += q.length;
        }
        text += q;
      }
      rowPos.endColumn = column;
      rowPos.endLine = line;
      positions.push(rowPos);
      out += text;
      if (r < rows.length - 1 || (form && form.finalNewline !== false)) {
        out += eol;
      }
      line += 1;
    }
    return { text: (form && form.bom ? '\ufeff' : '') + out, positions: positions };
  }

  /** The cell at a service's (line, column): {row, col} (row 0 is the header), or null. */
  function locate(positions, line, column) {
    for (var r = 0; r < positions.length; r++) {
      var p = positions[r];
      if (line < p.line || line > p.endLine) {
        continue;
      }
      var found = p.cells.length ? 0 : -1;
      for (var c = 0; c < p.cells.length; c++) {
        var at = p.cells[c];
        if (at.line < line || (at.line === line && at.column <= column)) {
          found = c;
        }
      }
      if (found < 0) {
        return null;
      }
      // an empty cell at the row's end: the service points just past the last comma
      if (line === p.endLine && column >= p.endColumn && p.cells.length) {
        found = p.cells.length - 1;
      }
      return { row: r, col: found };
    }
    return null;
  }

  /** Spreadsheet column letters: 0 → A, 25 → Z, 26 → AA. */
  function letter(index) {
    var s = '';
    for (var n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) {
      s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    }
    return s;
  }

  window.RecallGateCsv = { parse: parse, write: write, locate: locate, letter: letter };
})();

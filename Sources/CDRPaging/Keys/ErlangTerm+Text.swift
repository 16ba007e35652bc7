extension ErlangTerm {
  /// The term in Erlang's own notation, for messages: `123`, `<<"text">>` (or
  /// `<<1,2,255>>` for bytes that are not printable UTF-8), `name` or `'Name'` for atoms,
  /// `[A,B]`, `{A,B}`, `#{K => V}`. Cut after `limit` characters, ending in `...`.
  func erlangText(limit: Int = 200) -> String {
    var text = ""
    write(to: &text, limit: limit)
    return text.count > limit ? String(text.prefix(limit)) + "..." : text
  }

  private func write(to text: inout String, limit: Int) {
    // Stop early: the text is cut to `limit` anyway.
    guard text.count <= limit else { return }
    switch self {
    case .integer(let value):
      text += String(value)
    case .binary(let bytes):
      if let string = String(validating: bytes, as: UTF8.self),
        string.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0 != "\"" && $0 != "\\" })
      {
        text += "<<\"" + string + "\">>"
      } else {
        text += "<<" + bytes.map { String($0) }.joined(separator: ",") + ">>"
      }
    case .atom(let name):
      let plain =
        name.first.map { $0 >= "a" && $0 <= "z" } == true
        && name.unicodeScalars.allSatisfy { scalar in
          scalar.properties.isAlphabetic && scalar.isASCII || ("0"..."9").contains(scalar)
            || scalar == "_" || scalar == "@"
        }
      text += plain ? name : "'" + name.replacingAll("'", with: "\\'") + "'"
    case .list(let elements):
      writeElements(elements, open: "[", close: "]", to: &text, limit: limit)
    case .tuple(let elements):
      writeElements(elements, open: "{", close: "}", to: &text, limit: limit)
    case .map(let entries):
      text += "#{"
      for (index, entry) in entries.enumerated() {
        if index > 0 { text += "," }
        entry.key.write(to: &text, limit: limit)
        text += " => "
        entry.value.write(to: &text, limit: limit)
        guard text.count <= limit else { return }
      }
      text += "}"
    }
  }

  private func writeElements(
    _ elements: [ErlangTerm], open: String, close: String, to text: inout String, limit: Int
  ) {
    text += open
    for (index, element) in elements.enumerated() {
      if index > 0 { text += "," }
      element.write(to: &text, limit: limit)
      guard text.count <= limit else { return }
    }
    text += close
  }
}

extension String {
  /// This text with every `target` character replaced by `replacement`.
  fileprivate func replacingAll(_ target: Character, with replacement: String) -> String {
    var result = ""
    for character in self {
      if character == target { result += replacement } else { result.append(character) }
    }
    return result
  }
}

import CDRModel

/// One column of a CDR CSV export: a KAZOO listing column, a stored top-level field, or a
/// custom channel variable.
///
/// Names resolve by ``init(name:)``:
/// - a KAZOO listing column name (`datetime`, `cost`, `timestamp`, ...) ⇒ ``listing(_:)``,
///   derived as ``CDRListingRow`` derives it (so `timestamp` is the leg's start);
/// - `custom_channel_vars.NAME` ⇒ ``channelVar(_:)``;
/// - `raw.NAME` ⇒ ``field(_:)``, the stored value of a top-level key;
/// - any other name ⇒ ``fieldOrChannelVar(_:)``: the stored top-level value, else the
///   channel variable of that name (`account_id`, `hangup_code`, `sip_user_agent` ...).
public enum CSVColumn: Sendable, Hashable {
  /// A KAZOO listing column.
  case listing(CDRListingColumn)
  /// The stored value of a top-level key (any schema field or extra key).
  case field(String)
  /// A custom channel variable.
  case channelVar(String)
  /// A top-level key if present, else a channel variable.
  case fieldOrChannelVar(String)

  /// Resolves a column name (see ``CSVColumn``).
  public init(name: String) {
    if let listing = CDRListingColumn(rawValue: name) {
      self = .listing(listing)
    } else if name.hasPrefix("custom_channel_vars.") {
      self = .channelVar(String(name.dropFirst("custom_channel_vars.".count)))
    } else if name.hasPrefix("raw.") {
      self = .field(String(name.dropFirst(4)))
    } else {
      self = .fieldOrChannelVar(name)
    }
  }

  /// The header name: KAZOO's name for listing columns (`id` is written `ID`, as KAZOO's
  /// CSV header map does), the name as given otherwise.
  public var headerName: String {
    switch self {
    case .listing(.id): "ID"
    case .listing(let column): column.name
    case .field(let name): "raw." + name
    case .channelVar(let name): "custom_channel_vars." + name
    case .fieldOrChannelVar(let name): name
    }
  }
}

/// A list of ``CSVColumn``s that turns records into CSV cells.
///
/// ```swift
/// let columns = CDRCSVColumns.kazoo(options: CDRListingOptions(timeAdjustment: .fixedOffset(-18000)))
/// var writer = CSVWriter(header: columns.header)
/// writer.writeRow(columns.cells(for: leg), into: &bytes)
/// ```
public struct CDRCSVColumns: Sendable, Hashable {
  /// The columns, in order.
  public var columns: [CSVColumn]
  /// How listing columns are derived.
  public var options: CDRListingOptions

  /// Columns in the given order.
  public init(_ columns: [CSVColumn], options: CDRListingOptions = CDRListingOptions()) {
    self.columns = columns
    self.options = options
  }

  /// Columns by name, comma-separated (`"call_id,datetime,account_id"`); empty names are
  /// skipped.
  public init(names: String, options: CDRListingOptions = CDRListingOptions()) {
    let parts = names.split(separator: ",").map { String($0).trimmingCharacters(in: " ") }
    self.init(parts.filter { !$0.isEmpty }.map(CSVColumn.init(name:)), options: options)
  }

  /// KAZOO's 35 listing columns.
  public static func kazoo(options: CDRListingOptions = CDRListingOptions()) -> CDRCSVColumns {
    CDRCSVColumns(CDRListingColumn.kazoo.map(CSVColumn.listing), options: options)
  }

  /// KAZOO's 37 reseller listing columns.
  public static func reseller(options: CDRListingOptions = CDRListingOptions()) -> CDRCSVColumns {
    CDRCSVColumns(CDRListingColumn.reseller.map(CSVColumn.listing), options: options)
  }

  /// The header names.
  public var header: [String] { columns.map(\.headerName) }

  /// The cell texts of `record`, one per column.
  public func cells(for record: CallDetailRecord) -> [String] {
    var row: CDRListingRow?
    var object: [String: JSONValue]?
    let vars = record.customChannelVars
    return columns.map { column in
      switch column {
      case .listing(let listing):
        if row == nil { row = CDRListingRow(record: record, options: options) }
        return row?.cellText(listing) ?? ""
      case .field(let name):
        if object == nil { object = record.jsonObject }
        return object?[name].map(CDRListingRow.cellText) ?? ""
      case .channelVar(let name):
        return vars?[name].map(CDRListingRow.cellText) ?? ""
      case .fieldOrChannelVar(let name):
        if object == nil { object = record.jsonObject }
        if let value = object?[name] { return CDRListingRow.cellText(value) }
        return vars?[name].map(CDRListingRow.cellText) ?? ""
      }
    }
  }
}

extension String {
  fileprivate func trimmingCharacters(in set: Character) -> String {
    var text = Substring(self)
    while text.first == set { text = text.dropFirst() }
    while text.last == set { text = text.dropLast() }
    return String(text)
  }
}

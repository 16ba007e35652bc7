import CDRModel
import CDRTime

/// KAZOO's normalised listing row for one leg (`kzd_cdrs:to_public_prop/to_public_csv`):
/// the JSON row of `GET /cdrs` and the cells of its CSV export.
///
/// Every column is derived as KAZOO master derives it, from the leg's start time
/// S = `timestamp − duration_seconds` (missing values count as 0):
///
/// - `timestamp` is the text of S; `unix_timestamp`, `rfc_1036`, `iso_8601` (a date only)
///   and `iso_8601_combined` describe S in UTC; `datetime` is S shifted by the
///   ``CDRListingOptions/timeAdjustment`` (KAZOO's `utc_offset`).
/// - `unix_timestamp_micro` uses `channel_created_time` when present.
/// - `cost`/`reseller_cost` are ``CallCost`` units when `account_billing` /
///   `reseller_billing` is `per_minute`, else `"0"`; `rate` is the CCV `rate` (that name
///   only, as KAZOO's column reads it) in dollars: a JSON number is truncated to whole
///   units (`0.5` gives `"0.0"`, as `kz_currency:units_to_dollars` does), text is parsed
///   and rounded (`"0.01"` is 0 units).
/// - `authorizing_id` is blank when it equals the account id.
/// - `duration_seconds`/`billing_seconds` are JSON integers (or `""` when missing),
///   `media_recordings` is an array, CCV-backed columns are the stored value, the rest
///   are strings.
///
/// Differences from KAZOO, where KAZOO fails the whole page:
/// - a leg without `inbound`/`outbound` direction gets `""` for `dialed_number` and
///   `calling_from` (KAZOO crashes);
/// - a negative S (no `timestamp` but a duration) is formatted with the proleptic
///   calendar (KAZOO crashes);
/// - a non-numeric rate channel variable counts as absent (KAZOO crashes; `cdr validate
///   --mode lenient` warns about it).
///
/// ```swift
/// let row = CDRListingRow(record: leg)
/// row[.datetime]                   // .string("2020-01-17_00:00:00")
/// row.jsonObject()["cost"]         // .string("300")
/// row.cellTexts(CDRListingColumn.kazoo)  // 35 strings for a CSV line
/// ```
public struct CDRListingRow: Sendable, Hashable {
  /// The values of every column, in `CDRListingColumn.allCases` order.
  public internal(set) var values: [JSONValue]

  /// Derives the row of `record`.
  public init(record: CallDetailRecord, options: CDRListingOptions = CDRListingOptions()) {
    let derivation = _ListingDerivation(_RecordListingSource(record), options: options)
    var sink = _ListingValueSink(capacity: CDRListingColumn.allCases.count)
    for column in CDRListingColumn.allCases { derivation.emit(column, into: &sink) }
    values = sink.values
  }

  /// The value of one column.
  public subscript(column: CDRListingColumn) -> JSONValue {
    values[column.ordinal]
  }

  /// The JSON row as KAZOO sends it: column name ⇒ value, for `columns` (KAZOO's 35 by
  /// default; ``CDRListingColumn/reseller`` for resellers).
  ///
  /// - Parameters:
  ///   - columns: the columns to include.
  ///   - filteringEmptyStrings: drop keys whose value is exactly `""` (not `[]`, not 0), as
  ///     KAZOO does when `crossbar.cdrs` `should_filter_empty_strings` is true.
  public func jsonObject(
    _ columns: [CDRListingColumn] = CDRListingColumn.kazoo, filteringEmptyStrings: Bool = false
  ) -> [String: JSONValue] {
    var object: [String: JSONValue] = [:]
    object.reserveCapacity(columns.count)
    for column in columns {
      let value = self[column]
      if filteringEmptyStrings, value == .string("") { continue }
      object[column.name] = value
    }
    return object
  }

  /// The row's `(name, value)` pairs in column order, for writers that keep KAZOO's order.
  public func orderedFields(_ columns: [CDRListingColumn] = CDRListingColumn.kazoo) -> [(
    name: String, value: JSONValue
  )] {
    columns.map { ($0.name, self[$0]) }
  }

  /// The CSV text of one column: strings as they are, numbers as their literal, lists
  /// joined with `,` (as KAZOO's listing CSV writer does), objects as compact JSON.
  public func cellText(_ column: CDRListingColumn) -> String {
    Self.cellText(self[column])
  }

  /// The CSV texts of `columns`, in order.
  public func cellTexts(_ columns: [CDRListingColumn] = CDRListingColumn.kazoo) -> [String] {
    columns.map(cellText)
  }

  /// The CSV text of any JSON value (see ``cellText(_:)``); `null` is empty.
  public static func cellText(_ value: JSONValue) -> String {
    switch value {
    case .string(let text): text
    case .number(let number): number.literal
    case .bool(let flag): flag ? "true" : "false"
    case .null: ""
    case .array(let elements): elements.map(cellText).joined(separator: ",")
    case .object: value.jsonText
    }
  }
}

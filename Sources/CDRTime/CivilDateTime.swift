/// A UTC calendar date and time of day in the proleptic Gregorian calendar with a year 0
/// (year 0 is 1 BC, year −1 is 2 BC), as Erlang's `calendar` counts.
///
/// ```swift
/// let time = GregorianSeconds(63652662294).dateTime
/// (time.year, time.month, time.day)   // (2017, 1, 26)
/// (time.hour, time.minute, time.second) // (15, 4, 54)
/// time.weekday                        // 4 (Thursday; 1 = Monday ... 7 = Sunday)
/// ```
public struct CivilDateTime: Sendable, Hashable, Codable, Comparable {
  /// The year; may be 0 or negative for instants before 1 AD.
  public var year: Int64
  /// The month, 1...12.
  public var month: Int
  /// The day of the month, 1...31.
  public var day: Int
  /// The hour, 0...23.
  public var hour: Int
  /// The minute, 0...59.
  public var minute: Int
  /// The second, 0...59.
  public var second: Int

  /// Creates a date and time from fields. Returns `nil` when a field is out of range for
  /// its calendar month (February 29 only in leap years).
  public init?(year: Int64, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
    guard (1...12).contains(month), day >= 1, day <= CivilDateTime.daysIn(month: month, year: year),
      (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
    self.hour = hour
    self.minute = minute
    self.second = second
  }

  /// Whether `year` is a leap year in the proleptic Gregorian calendar (year 0 is one).
  public static func isLeapYear(_ year: Int64) -> Bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
  }

  /// The number of days in `month` of `year`.
  public static func daysIn(month: Int, year: Int64) -> Int {
    switch month {
    case 2: isLeapYear(year) ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }

  /// The ISO weekday: 1 = Monday ... 7 = Sunday. (0000-01-01 was a Saturday, 6.)
  public var weekday: Int {
    let days = CivilDateTime.daysFromCivil(year: year, month: month, day: day)
    // Day 0 (0000-01-01) is a Saturday (ISO 6).
    let index = Int((days % 7 + 7) % 7)  // 0 = Saturday
    return (index + 5) % 7 + 1
  }

  /// Days since 0000-01-01 for a civil date (Howard Hinnant's algorithm, shifted to year 0).
  static func daysFromCivil(year: Int64, month: Int, day: Int) -> Int64 {
    let adjustedYear = month <= 2 ? year - 1 : year
    let era = (adjustedYear >= 0 ? adjustedYear : adjustedYear - 399) / 400
    let yearOfEra = adjustedYear - era * 400
    let shiftedMonth = Int64(month > 2 ? month - 3 : month + 9)
    let dayOfYear = (153 * shiftedMonth + 2) / 5 + Int64(day) - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    // 719468 shifts 1970-03-01-based counting to 0000-03-01; 60 more days reach 0000-01-01.
    return era * 146_097 + dayOfEra - 719_468 + 719_528
  }

  /// The civil date for a count of days since 0000-01-01.
  static func civilFromDays(_ daysSinceYearZero: Int64) -> (year: Int64, month: Int, day: Int) {
    let days = daysSinceYearZero - 719_528 + 719_468
    let era = (days >= 0 ? days : days - 146_096) / 146_097
    let dayOfEra = days - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    let day = Int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1)
    let month = Int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9)
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (year, month, day)
  }

  /// Orders dates and times chronologically.
  public static func < (lhs: CivilDateTime, rhs: CivilDateTime) -> Bool {
    (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
      < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
  }
}

extension GregorianSeconds {
  /// The UTC calendar date and time of this instant.
  ///
  /// Exact for every `Int64` count: the day count is floored, so negative counts (before
  /// year 0) give valid times of day.
  public var dateTime: CivilDateTime {
    let secondsPerDay: Int64 = 86_400
    var days = rawValue / secondsPerDay
    var secondOfDay = rawValue % secondsPerDay
    if secondOfDay < 0 {
      secondOfDay += secondsPerDay
      days -= 1
    }
    let (year, month, day) = CivilDateTime.civilFromDays(days)
    return CivilDateTime(
      year: year, month: month, day: day, hour: Int(secondOfDay / 3600),
      minute: Int(secondOfDay / 60 % 60), second: Int(secondOfDay % 60))!
  }

  /// The instant of a UTC calendar date and time. Returns `nil` when the result does not
  /// fit in `Int64`.
  public init?(_ dateTime: CivilDateTime) {
    guard dateTime.year > -25_000_000_000, dateTime.year < 25_000_000_000 else { return nil }
    let days = CivilDateTime.daysFromCivil(
      year: dateTime.year, month: dateTime.month, day: dateTime.day)
    let (daySeconds, overflow) = days.multipliedReportingOverflow(by: 86_400)
    guard !overflow else { return nil }
    let (value, overflow2) = daySeconds.addingReportingOverflow(
      Int64(dateTime.hour * 3600 + dateTime.minute * 60 + dateTime.second))
    guard !overflow2 else { return nil }
    self.init(value)
  }
}

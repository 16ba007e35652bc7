/// How a ``KazooClient`` authenticates to crossbar.
///
/// The secrets inside are never printed: `description`, `debugDescription` and the
/// mirror (`dump`) show only the kind of authentication.
///
/// ```swift
/// let byToken = KazooAuthentication.token("eyJhbGciOi...")
/// let byKey = KazooAuthentication.apiKey("0123abcd...")
/// let byUser = KazooAuthentication.credentials(
///   username: "alice", password: "secret", account: .name("acme"))
/// ```
public enum KazooAuthentication: Sendable, Hashable {
  /// An `X-Auth-Token` obtained elsewhere. It cannot be renewed: a 401 ends the request.
  case token(String)
  /// An account API key, exchanged for a token with `PUT /v2/api_auth`; renewed once when
  /// a request gets 401.
  case apiKey(String)
  /// A user's name and password, exchanged for a token with `PUT /v2/user_auth` (MD5
  /// credentials hash of `username:password`); renewed once when a request gets 401.
  case credentials(username: String, password: String, account: KazooAccountSelector)

  /// Whether a 401 can be answered by authenticating again.
  public var canRenew: Bool {
    if case .token = self { return false }
    return true
  }

  /// KAZOO's `credentials` value for `user_auth` with method `md5`: the lowercase hex MD5
  /// of `username:password`.
  ///
  /// ```swift
  /// KazooAuthentication.credentialsHash(username: "alice", password: "secret")
  /// // "6f622058968bb90757e6c6ed79e5df81"
  /// ```
  public static func credentialsHash(username: String, password: String) -> String {
    _MD5.hex(Array("\(username):\(password)".utf8))
  }
}

/// Which account a `user_auth` login names (KAZOO looks up a phone number first, then a
/// realm, then a name).
public enum KazooAccountSelector: Sendable, Hashable {
  /// `account_name`.
  case name(String)
  /// `account_realm`.
  case realm(String)
  /// `phone_number`.
  case phoneNumber(String)

  /// The `user_auth` body key and value.
  var member: (key: String, value: String) {
    switch self {
    case .name(let value): ("account_name", value)
    case .realm(let value): ("account_realm", value)
    case .phoneNumber(let value): ("phone_number", value)
    }
  }
}

extension KazooAuthentication: CustomStringConvertible, CustomDebugStringConvertible,
  CustomReflectable
{
  /// The kind of authentication, without any secret.
  public var description: String {
    switch self {
    case .token: "token (redacted)"
    case .apiKey: "API key (redacted)"
    case .credentials(let username, _, let account):
      "user \(username) of \(account.member.key) \(account.member.value) (password redacted)"
    }
  }

  /// The same as ``description``.
  public var debugDescription: String { description }

  /// A mirror without the secrets.
  public var customMirror: Mirror { Mirror(self, children: ["kind": description]) }
}

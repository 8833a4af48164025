using System.Collections.Immutable;
using System.Text;
using Greentic.ControlPlane.Auth;

namespace Greentic.ControlPlane.Secrets;

/// <summary>
/// Remembers secret values the host has handled and masks them in text — the last line of defence behind
/// code that never logs values: a provider or library that puts a token in a log line or an exception message
/// gets <c>***</c> there instead (see <see cref="RedactingLoggerFactory"/>). A value is matched as text and
/// in its base64 and base64url forms; values shorter than the minimum length are not tracked.
/// </summary>
public sealed class SecretRedactor
{
    public const string Mask = "***";
    public const int MaxTrackedValues = 10_000;

    private readonly int _minLength;
    private ImmutableArray<string> _needles = [];
    private readonly object _writeLock = new();

    public SecretRedactor(int minLength = 4)
    {
        _minLength = Math.Max(1, minLength);
    }

    public bool IsEmpty => _needles.IsEmpty;

    /// <summary>Tracks a secret value (UTF-8 bytes as stored).</summary>
    public void Register(ReadOnlySpan<byte> value)
    {
        if (value.Length == 0) return;
        var forms = new List<string>(3);
        try
        {
            var text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(value);
            if (text.Trim().Length >= _minLength)
            {
                forms.Add(text);
                if (text.Trim() != text) forms.Add(text.Trim());
            }
        }
        catch (DecoderFallbackException)
        {
            // Binary value: only its encodings can show up in text.
        }
        if (value.Length >= Math.Max(3, _minLength))
        {
            forms.Add(Convert.ToBase64String(value).TrimEnd('='));
            forms.Add(Base64Url.Encode(value));
        }
        Add(forms);
    }

    public void Register(string value) => Register(Encoding.UTF8.GetBytes(value));

    /// <summary>The text with every tracked value replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        var needles = _needles;
        if (needles.IsEmpty || string.IsNullOrEmpty(text)) return text;
        StringBuilder? sb = null;
        foreach (var needle in needles)
        {
            if ((sb?.ToString() ?? text).Contains(needle, StringComparison.Ordinal))
            {
                sb ??= new StringBuilder(text);
                sb.Replace(needle, Mask);
            }
        }
        return sb?.ToString() ?? text;
    }

    public bool ContainsSecret(string? text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        foreach (var needle in _needles)
        {
            if (text.Contains(needle, StringComparison.Ordinal)) return true;
        }
        return false;
    }

    private void Add(List<string> forms)
    {
        lock (_writeLock)
        {
            var set = _needles.ToList();
            foreach (var form in forms.Where(f => f.Length >= _minLength))
            {
                if (!set.Contains(form)) set.Add(form);
            }
            if (set.Count > MaxTrackedValues) set.RemoveRange(0, set.Count - MaxTrackedValues);
            // Longest first, so a value containing another is masked whole.
            _needles = [.. set.OrderByDescending(s => s.Length)];
        }
    }
}

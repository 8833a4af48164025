using System.Buffers;
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
    private SearchValues<string> _search = SearchValues.Create([], StringComparison.Ordinal);
    private readonly object _writeLock = new();
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Queue<string> _insertionOrder = new();

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
            forms.Add(System.Buffers.Text.Base64Url.EncodeToString(value));
        }
        Add(forms);
    }

    public void Register(string value) => Register(Encoding.UTF8.GetBytes(value));

    /// <summary>The text with every tracked value replaced by <see cref="Mask"/>.</summary>
    public string Redact(string text)
    {
        if (!ContainsSecret(text)) return text;
        var result = text;
        foreach (var needle in _needles)
        {
            if (result.Contains(needle, StringComparison.Ordinal)) result = result.Replace(needle, Mask, StringComparison.Ordinal);
        }
        return result;
    }

    public bool ContainsSecret(string? text)
    {
        // SearchValues matches all tracked values in one pass (Aho-Corasick / vectorised).
        return !string.IsNullOrEmpty(text) && !_needles.IsEmpty && text.AsSpan().ContainsAny(Volatile.Read(ref _search));
    }

    private void Add(List<string> forms)
    {
        lock (_writeLock)
        {
            var added = false;
            foreach (var form in forms)
            {
                if (form.Length >= _minLength && _known.Add(form))
                {
                    _insertionOrder.Enqueue(form);
                    added = true;
                }
            }
            if (!added) return; // re-registering a known value (every read does) costs nothing
            while (_insertionOrder.Count > MaxTrackedValues) _known.Remove(_insertionOrder.Dequeue());
            // Longest first, so a value containing another is masked whole.
            ImmutableArray<string> needles = [.. _known.OrderByDescending(n => n.Length)];
            Volatile.Write(ref _search, SearchValues.Create(needles.AsSpan(), StringComparison.Ordinal));
            _needles = needles;
        }
    }
}

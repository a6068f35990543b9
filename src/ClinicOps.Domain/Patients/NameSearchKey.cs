using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace ClinicOps.Domain.Patients;

/// <summary>
/// The form in which names are compared by search. FHIR string search matches "if the value of the field equals or
/// starts with the supplied parameter value, after both have been normalized by case and accent"
/// (https://hl7.org/fhir/search.html#string); the same function normalizes stored names and search terms, so a key
/// starts with a term's key exactly when the name matches the term (docs/decisions/0017-patient-name-search.md).
/// </summary>
public static partial class NameSearchKey
{
    /// <summary>
    /// Longest key kept. A name is at most 100 characters, but compatibility decomposition and folding can lengthen
    /// it (ß becomes ss); keys and terms are cut at the same length, so a term longer than this matches by its first
    /// <see cref="MaxLength"/> characters, and an index entry stays far below PostgreSQL's size limit.
    /// </summary>
    public const int MaxLength = 100;

    // Letters that no Unicode decomposition takes apart, but that readers treat as a base letter plus an accent or
    // as a ligature (German, Nordic, Polish, Croatian, Icelandic, Turkish, Maltese spelling), and Greek final sigma.
    private static readonly Dictionary<char, string> _folds = new()
    {
        ['ß'] = "ss",
        ['æ'] = "ae",
        ['œ'] = "oe",
        ['ø'] = "o",
        ['đ'] = "d",
        ['ð'] = "d",
        ['ħ'] = "h",
        ['ł'] = "l",
        ['ŧ'] = "t",
        ['þ'] = "th",
        ['ı'] = "i",
        ['ς'] = "σ",
    };

    private static readonly FrozenDictionary<int, string> _decompositions = ParseDecompositions();

    /// <summary>
    /// The key of a name or term: each letter compatibility-decomposed without its accents (Unicode NFKD minus combining
    /// marks, from <see cref="DecompositionData"/>: é is e, ﬁ is fi, Ｓ is S), lower-cased with invariant rules, the letters
    /// above folded, and only letters and digits kept (combining marks, spaces, hyphens and apostrophes are dropped);
    /// cut at <see cref="MaxLength"/>. Empty when nothing searchable is left.
    /// </summary>
    public static string Normalize(string value)
    {
        var key = new StringBuilder(value.Length);
        // A lone surrogate (a JSON escape can carry one) enumerates as U+FFFD, which is not a letter.
        foreach (var rune in value.EnumerateRunes())
        {
            if (_decompositions.TryGetValue(rune.Value, out var decomposed))
            {
                foreach (var part in decomposed.EnumerateRunes())
                {
                    AppendFolded(key, part);
                }
            }
            else
            {
                AppendFolded(key, rune);
            }
        }

        return Truncate(key.ToString());
    }

    /// <summary>
    /// The smallest string greater than every string that starts with <paramref name="prefix"/>, in code-point order
    /// (byte order of UTF-8: SQLite's BINARY and PostgreSQL's "C" collation), so that
    /// <c>prefix &lt;= key &lt; bound</c> is exactly "key starts with prefix" and an ordinary index serves it. Null when
    /// no such string exists (the prefix is only U+10FFFF characters): then <c>key &gt;= prefix</c> alone is exact.
    /// </summary>
    public static string? PrefixUpperBound(string prefix)
    {
        var runes = prefix.EnumerateRunes().ToList();
        while (runes.Count > 0)
        {
            var last = runes[^1].Value;
            runes.RemoveAt(runes.Count - 1);
            if (last == 0x10FFFF)
            {
                continue;
            }

            // Surrogate code points are not characters; the next character after U+D7FF is U+E000.
            var next = last == 0xD7FF ? 0xE000 : last + 1;
            runes.Add(new Rune(next));
            return string.Concat(runes.Select(r => r.ToString()));
        }

        return null;
    }

    private static void AppendFolded(StringBuilder key, Rune rune)
    {
        if (!Rune.IsLetterOrDigit(rune))
        {
            return;
        }

        var lower = Rune.ToLowerInvariant(rune);
        if (lower.IsBmp && _folds.TryGetValue((char)lower.Value, out var folded))
        {
            key.Append(folded);
        }
        else
        {
            key.Append(lower.ToString());
        }
    }

    private static FrozenDictionary<int, string> ParseDecompositions() =>
        DecompositionData
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(entry => entry.Split(':'))
            .ToFrozenDictionary(
                entry => int.Parse(entry[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture),
                entry => string.Concat(entry[1].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(hex => char.ConvertFromUtf32(int.Parse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture)))));

    private static string Truncate(string key)
    {
        if (key.Length <= MaxLength)
        {
            return key;
        }

        // Never split a surrogate pair.
        var length = char.IsHighSurrogate(key[MaxLength - 1]) ? MaxLength - 1 : MaxLength;
        return key[..length];
    }
}

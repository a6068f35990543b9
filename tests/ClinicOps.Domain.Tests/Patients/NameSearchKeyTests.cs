using ClinicOps.Domain.Patients;

namespace ClinicOps.Domain.Tests.Patients;

/// <summary>
/// Source: FHIR R4 search, string parameters (https://hl7.org/fhir/search.html#string): a field matches "if the value of
/// the field equals or starts with the supplied parameter value, after both have been normalized by case and accent";
/// the normalization itself is ours, recorded in docs/decisions/0017-patient-name-search.md.
/// </summary>
public sealed class NameSearchKeyTests
{
    [Theory]
    [InlineData("García", "garcia")]        // accent dropped (NFKD, then the combining mark is not a letter)
    [InlineData("GARCIA", "garcia")]        // case
    [InlineData("Müller", "muller")]
    [InlineData("Nguyễn", "nguyen")]        // two stacked marks
    [InlineData("Åsa", "asa")]
    [InlineData("Çelik", "celik")]
    [InlineData("Dvořák", "dvorak")]
    [InlineData("Straße", "strasse")]       // ß folds to ss
    [InlineData("STRASSE", "strasse")]
    [InlineData("Æsir", "aesir")]
    [InlineData("Søren", "soren")]
    [InlineData("Łukasz", "lukasz")]
    [InlineData("Đorđević", "dordevic")]
    [InlineData("Þórr", "thorr")]
    [InlineData("İlker", "ilker")]          // Turkish dotted capital I
    [InlineData("Işık", "isik")]            // Turkish dotless i
    [InlineData("ﬁnn", "finn")]             // ligature, by compatibility decomposition
    [InlineData("Ｓａｔｏ", "sato")]         // full-width letters, by compatibility decomposition
    [InlineData("O'Brien", "obrien")]       // punctuation dropped
    [InlineData("Smith-Jones", "smithjones")]
    [InlineData("van der Berg", "vanderberg")] // spaces dropped
    [InlineData("  Lee ", "lee")]
    [InlineData("Σωκράτης", "σωκρατησ")]    // Greek: accent dropped, final sigma folded
    [InlineData("Дмитрий", "дмитрии")]      // Cyrillic й is и with a breve to NFKD, like any accent
    [InlineData("김민준", "김민준")]         // Hangul decomposes to jamo and recomposes
    [InlineData("Henry 3rd", "henry3rd")]   // digits are kept
    [InlineData("'-. ", "")]                // nothing searchable
    [InlineData("\u0301\u0308", "")]        // combining marks only
    [InlineData("", "")]
    public void Normalize_folds_case_and_accents_and_keeps_only_letters_and_digits(string value, string key)
    {
        Assert.Equal(key, NameSearchKey.Normalize(value));
    }

    [Theory]
    [InlineData("García", "gar", true)]
    [InlineData("Garcia", "GAR", true)]
    [InlineData("Garcia", "garcí", true)]   // accent in the term, none in the name
    [InlineData("García", "ía", false)]     // infix: not a match
    [InlineData("García", "cia", false)]
    [InlineData("Garcia", "garcias", false)]
    [InlineData("O'Brien", "obr", true)]
    [InlineData("Obrien", "O'B", true)]
    [InlineData("Straße", "strass", true)]
    public void A_name_matches_a_term_when_its_key_starts_with_the_terms_key(string name, string term, bool matches)
    {
        Assert.Equal(matches, NameSearchKey.Normalize(name).StartsWith(NameSearchKey.Normalize(term), StringComparison.Ordinal));
    }

    [Fact]
    public void Keys_are_cut_at_the_maximum_length_without_splitting_a_character()
    {
        Assert.Equal(NameSearchKey.MaxLength, NameSearchKey.Normalize(new string('ß', 100)).Length);
        var supplementary = string.Concat(Enumerable.Repeat("\U00020000", 60)); // CJK Ext. B, two UTF-16 units each
        var key = NameSearchKey.Normalize(supplementary);
        Assert.Equal(NameSearchKey.MaxLength, key.Length);
        Assert.False(char.IsHighSurrogate(key[^1]));
    }

    [Fact]
    public void A_lone_surrogate_is_not_an_error()
    {
        Assert.Equal("ab", NameSearchKey.Normalize("a\uD800b"));
    }

    [Theory]
    [InlineData("gar", "gas")]
    [InlineData("z", "{")]
    [InlineData("a\uD7FF", "a\uE000")]                // the next character skips the surrogate range
    [InlineData("a\uFFFF", "a\U00010000")]            // beyond the BMP, as UTF-8 orders it
    [InlineData("a\U0010FFFF", "b")]                  // the last code point cannot grow: the one before does
    [InlineData("\U0010FFFF", null)]
    public void The_upper_bound_of_a_prefix_is_the_least_string_above_all_its_extensions(string prefix, string? bound)
    {
        Assert.Equal(bound, NameSearchKey.PrefixUpperBound(prefix));
    }

    [Theory]
    [InlineData("gar", "gar", true)]
    [InlineData("gar", "garcia", true)]
    [InlineData("gar", "gar\U00020000", true)]        // a supplementary letter right after the prefix
    [InlineData("gar", "gar\uFFFF", true)]
    [InlineData("gar", "gas", false)]
    [InlineData("gar", "ga", false)]
    [InlineData("gar", "gaq\uFFFF", false)]
    public void The_range_from_a_prefix_to_its_bound_in_code_point_order_is_exactly_starts_with(string prefix, string key, bool inRange)
    {
        var bound = NameSearchKey.PrefixUpperBound(prefix)!;

        Assert.Equal(key.StartsWith(prefix, StringComparison.Ordinal), inRange);
        Assert.Equal(inRange, CodePointCompare(key, prefix) >= 0 && CodePointCompare(key, bound) < 0);
    }

    // UTF-8 byte order, which is code point order: SQLite's BINARY collation and PostgreSQL's "C".
    private static int CodePointCompare(string a, string b) =>
        System.Text.Encoding.UTF8.GetBytes(a).AsSpan().SequenceCompareTo(System.Text.Encoding.UTF8.GetBytes(b));
}

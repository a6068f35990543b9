using System.Text.RegularExpressions;
using FluentValidation;

namespace ClinicOps.Application.Common;

/// <summary>Field formats shared by several use cases.</summary>
public static partial class ValidationRules
{
    /// <summary>E.164: a plus sign, a non-zero country digit, then up to 14 more digits.</summary>
    public static IRuleBuilderOptions<T, string?> PhoneNumberE164<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(phone => phone is null || E164().IsMatch(phone))
            .WithMessage("'{PropertyName}' must be an E.164 phone number such as +15551234567.");

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}$")]
    private static partial Regex E164();
}

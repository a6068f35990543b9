using ClinicOps.Domain.Scheduling;
using FluentValidation;

namespace ClinicOps.Application.Protocols;

/// <summary>Doses allowed in a phase for a range of session numbers: fixed milligram doses (esketamine) or a mg/kg range (IV ketamine).</summary>
public sealed record DoseRuleInput
{
    /// <summary>Induction or Maintenance.</summary>
    /// <example>Induction</example>
    public CoursePhase? Phase { get; init; }

    /// <summary>First session number covered (1-based within the phase, 1-52).</summary>
    /// <example>1</example>
    public int? FirstSession { get; init; }

    /// <summary>Last session number covered; absent or null for "and every later one".</summary>
    /// <example>4</example>
    public int? LastSession { get; init; }

    /// <summary>
    /// Esketamine: the fixed doses allowed, in mg, each a whole number of 28 mg devices (28, 56 or 84), each once.
    /// IV ketamine: empty or absent.
    /// </summary>
    /// <example>[]</example>
    public IReadOnlyList<int>? MilligramOptions { get; init; }

    /// <summary>IV ketamine: lowest mg/kg (0.05-2.0). Esketamine: absent.</summary>
    /// <example>0.1</example>
    public decimal? MgPerKgMin { get; init; }

    /// <summary>IV ketamine: highest mg/kg (0.05-2.0), at least the lowest. Esketamine: absent.</summary>
    /// <example>0.75</example>
    public decimal? MgPerKgMax { get; init; }

    /// <summary>IV ketamine: usual mg/kg, between the lowest and the highest. Esketamine: absent.</summary>
    /// <example>0.5</example>
    public decimal? MgPerKgDefault { get; init; }

    internal DoseRule ToDoseRule() =>
        new(Phase!.Value, FirstSession!.Value, LastSession, [.. MilligramOptions ?? []], MgPerKgMin, MgPerKgMax, MgPerKgDefault);
}

/// <summary>Shape rules for one <see cref="DoseRuleInput"/>; the dose forms depend on the treatment (checked by <see cref="CreateProtocolValidator"/>).</summary>
public sealed class DoseRuleInputValidator : AbstractValidator<DoseRuleInput>
{
    /// <summary>Creates the validator.</summary>
    public DoseRuleInputValidator()
    {
        RuleFor(d => d.Phase).NotNull()
            .Must(phase => phase is CoursePhase.Induction or CoursePhase.Maintenance)
            .WithMessage("'phase' must be Induction or Maintenance.");
        RuleFor(d => d.FirstSession).NotNull().InclusiveBetween(1, CreateProtocolValidator.MaxSessions);
        RuleFor(d => d.LastSession).InclusiveBetween(1, CreateProtocolValidator.MaxSessions)
            .GreaterThanOrEqualTo(d => d.FirstSession!.Value)
            .When(d => d.FirstSession is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage("'lastSession' must not be before 'firstSession'.");
    }

    /// <summary>True when a rule's session range can be checked for coverage.</summary>
    internal static bool IsWellFormed(DoseRuleInput? rule) =>
        rule is { Phase: CoursePhase.Induction or CoursePhase.Maintenance, FirstSession: >= 1 and <= CreateProtocolValidator.MaxSessions }
        && (rule.LastSession is null || (rule.LastSession <= CreateProtocolValidator.MaxSessions && rule.LastSession >= rule.FirstSession));
}

/// <summary>Esketamine is given in whole 28 mg nasal spray devices, never by weight.</summary>
internal sealed class EsketamineDoseValidator : AbstractValidator<DoseRuleInput>
{
    public EsketamineDoseValidator()
    {
        RuleFor(d => d.MilligramOptions)
            .Must(mg => mg is { Count: > 0 }).WithMessage("'milligramOptions' needs at least one dose for esketamine.")
            .Must(mg => mg!.All(dose => dose is >= CreateProtocolValidator.EsketamineDeviceMg and <= 3 * CreateProtocolValidator.EsketamineDeviceMg
                && dose % CreateProtocolValidator.EsketamineDeviceMg == 0))
            .WithMessage("'milligramOptions' must be whole 28 mg devices: 28, 56 or 84.")
            .Must(mg => mg!.Distinct().Count() == mg!.Count).WithMessage("'milligramOptions' lists a dose twice.");
        RuleFor(d => d.MgPerKgMin).Must(v => v is null).WithMessage("'mgPerKgMin' applies only to weight-based (IV ketamine) dosing.");
        RuleFor(d => d.MgPerKgMax).Must(v => v is null).WithMessage("'mgPerKgMax' applies only to weight-based (IV ketamine) dosing.");
        RuleFor(d => d.MgPerKgDefault).Must(v => v is null).WithMessage("'mgPerKgDefault' applies only to weight-based (IV ketamine) dosing.");
    }
}

/// <summary>IV ketamine is dosed by weight: a mg/kg range with a usual dose, and no fixed milligram doses.</summary>
internal sealed class IvKetamineDoseValidator : AbstractValidator<DoseRuleInput>
{
    private const decimal MinMgPerKg = 0.05m;
    private const decimal MaxMgPerKg = 2.0m;

    public IvKetamineDoseValidator()
    {
        RuleFor(d => d.MilligramOptions).Must(mg => mg is null or { Count: 0 })
            .WithMessage("'milligramOptions' must be empty for IV ketamine, which is dosed by weight.");
        RuleFor(d => d.MgPerKgMin)
            .Must(v => v is not null).WithMessage("'mgPerKgMin' is required for IV ketamine.")
            .InclusiveBetween(MinMgPerKg, MaxMgPerKg);
        RuleFor(d => d.MgPerKgMax)
            .Must(v => v is not null).WithMessage("'mgPerKgMax' is required for IV ketamine.")
            .InclusiveBetween(MinMgPerKg, MaxMgPerKg)
            .Must((d, max) => max >= d.MgPerKgMin).When(d => d.MgPerKgMin is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage("'mgPerKgMax' must not be below 'mgPerKgMin'.");
        RuleFor(d => d.MgPerKgDefault)
            .Must(v => v is not null).WithMessage("'mgPerKgDefault' is required for IV ketamine.")
            .Must((d, v) => v >= d.MgPerKgMin && v <= d.MgPerKgMax)
            .When(d => d.MgPerKgMin is not null && d.MgPerKgMax is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage("'mgPerKgDefault' must be between 'mgPerKgMin' and 'mgPerKgMax'.");
    }
}

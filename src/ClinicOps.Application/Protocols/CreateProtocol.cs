using ClinicOps.Application.Common;
using ClinicOps.Domain.Scheduling;
using ClinicOps.Domain.Screening;
using FluentValidation;
using MediatR;
using Microsoft.EntityFrameworkCore;

namespace ClinicOps.Application.Protocols;

/// <summary>Adds a protocol to the catalog. A protocol is never edited: retire it and add a new one.</summary>
public sealed record CreateProtocol : IRequest<Versioned<ProtocolResponse>>
{
    /// <summary>Short unique code: 2-32 upper-case letters, digits or hyphens.</summary>
    /// <example>IV-KETAMINE-4</example>
    public string? Code { get; init; }

    /// <summary>Display name, 1-200 characters.</summary>
    /// <example>IV ketamine, four-infusion series (clinic protocol)</example>
    public string? Name { get; init; }

    /// <summary>The treatment given.</summary>
    /// <example>IvKetamine</example>
    public IntendedTreatment? Treatment { get; init; }

    /// <summary>The indication; it must fit the treatment (esketamine: TreatmentResistantDepression or MddWithAcuteSuicidalIdeationOrBehavior; IV ketamine: ClinicProtocol).</summary>
    /// <example>ClinicProtocol</example>
    public ScreeningIndication? Indication { get; init; }

    /// <summary>Sessions in the induction series, 1-52.</summary>
    /// <example>4</example>
    public int? InductionSessions { get; init; }

    /// <summary>Days within which induction is planned, 1-366; the sessions must fit at their minimum spacing.</summary>
    /// <example>14</example>
    public int? InductionWindowDays { get; init; }

    /// <summary>Fewest calendar days between two induction doses, 1-60.</summary>
    /// <example>2</example>
    public int? InductionMinDaysBetweenDoses { get; init; }

    /// <summary>Most induction sessions in one Monday-Sunday week, 1-7.</summary>
    /// <example>2</example>
    public int? InductionMaxSessionsPerWeek { get; init; }

    /// <summary>Default weekdays of the induction series: at least one, each once.</summary>
    /// <example>["Tuesday", "Friday"]</example>
    public IReadOnlyList<Weekday>? InductionWeekdays { get; init; }

    /// <summary>Fewest calendar days between two maintenance doses, 1-60.</summary>
    /// <example>7</example>
    public int? MaintenanceMinDaysBetweenDoses { get; init; }

    /// <summary>Maintenance sessions one re-evaluation may open at most (0-52); 0 for no maintenance; absent or null when the clinician decides.</summary>
    /// <example>2</example>
    public int? MaintenanceSessionsPerReevaluation { get; init; }

    /// <summary>
    /// Doses allowed per phase and session (1-20 rules). Every induction session needs exactly one rule, and so does
    /// every maintenance session the protocol allows (none when the maintenance cap is 0).
    /// </summary>
    /// <example>[{"phase": "Induction", "firstSession": 1, "mgPerKgMin": 0.1, "mgPerKgMax": 0.75, "mgPerKgDefault": 0.5}, {"phase": "Maintenance", "firstSession": 1, "mgPerKgMin": 0.1, "mgPerKgMax": 0.75, "mgPerKgDefault": 0.5}]</example>
    public IReadOnlyList<DoseRuleInput>? Doses { get; init; }

    /// <summary>Minutes for check-in and pre-dose checks, 0-600.</summary>
    /// <example>15</example>
    public int? CheckInMinutes { get; init; }

    /// <summary>Minutes of dosing, 0-600.</summary>
    /// <example>40</example>
    public int? DosingMinutes { get; init; }

    /// <summary>Minutes of post-dose monitoring, 0-600; at least 120 for esketamine (Spravato REMS).</summary>
    /// <example>120</example>
    public int? MonitoringMinutes { get; init; }

    /// <summary>Minutes to turn the chair around, 0-600.</summary>
    /// <example>15</example>
    public int? BufferMinutes { get; init; }

    internal ProtocolDefinition ToDefinition() => new()
    {
        Code = Code!,
        Name = Name!.Trim(),
        Treatment = Treatment!.Value,
        Indication = Indication!.Value,
        InductionSessions = InductionSessions!.Value,
        InductionWindowDays = InductionWindowDays!.Value,
        InductionMinDaysBetweenDoses = InductionMinDaysBetweenDoses!.Value,
        InductionMaxSessionsPerWeek = InductionMaxSessionsPerWeek!.Value,
        InductionWeekdays = [.. InductionWeekdays!.Select(d => (DayOfWeek)d)],
        MaintenanceMinDaysBetweenDoses = MaintenanceMinDaysBetweenDoses!.Value,
        MaintenanceSessionsPerReevaluation = MaintenanceSessionsPerReevaluation,
        Doses = [.. Doses!.Select(d => d.ToDoseRule())],
        CheckInMinutes = CheckInMinutes!.Value,
        DosingMinutes = DosingMinutes!.Value,
        MonitoringMinutes = MonitoringMinutes!.Value,
        BufferMinutes = BufferMinutes!.Value,
    };
}

/// <summary>Rules for <see cref="CreateProtocol"/>: ranges, and a protocol that can be planned and dosed as stated.</summary>
public sealed class CreateProtocolValidator : AbstractValidator<CreateProtocol>
{
    /// <summary>Most sessions a phase may count.</summary>
    public const int MaxSessions = 52;

    /// <summary>One esketamine nasal spray device delivers 28 mg.</summary>
    public const int EsketamineDeviceMg = 28;

    /// <summary>Least post-dose monitoring the Spravato REMS requires, in minutes.</summary>
    public const int EsketamineMinMonitoringMinutes = 120;

    /// <summary>Creates the validator.</summary>
    public CreateProtocolValidator()
    {
        RuleFor(p => p.Code).NotEmpty().Matches("^[A-Z0-9-]{2,32}$")
            .WithMessage("'{PropertyName}' must be 2-32 upper-case letters, digits or hyphens.");
        RuleFor(p => p.Name).NotEmpty().MaximumLength(200);
        RuleFor(p => p.Treatment).NotNull();
        RuleFor(p => p.Indication).NotNull()
            .Must((p, indication) => ScreeningIndications.Fits(p.Treatment!.Value, indication!.Value))
            .When(p => p.Treatment is not null, ApplyConditionTo.CurrentValidator)
            .WithMessage(p => $"'indication' {p.Indication} does not fit the treatment {p.Treatment}.");
        RuleFor(p => p.InductionSessions).NotNull().InclusiveBetween(1, MaxSessions);
        RuleFor(p => p.InductionWindowDays).NotNull().InclusiveBetween(1, 366)
            .Must((p, window) => (p.InductionSessions!.Value - 1) * p.InductionMinDaysBetweenDoses!.Value + 1 <= window)
            .When(p => p.InductionSessions is >= 1 and <= MaxSessions && p.InductionMinDaysBetweenDoses is >= 1 and <= 60, ApplyConditionTo.CurrentValidator)
            .WithMessage("'inductionWindowDays' is too short for the induction sessions at their minimum spacing.")
            .Must((p, window) => (window!.Value + 6) / 7 * p.InductionMaxSessionsPerWeek!.Value >= p.InductionSessions!.Value)
            .When(p => p.InductionSessions is >= 1 and <= MaxSessions && p.InductionMaxSessionsPerWeek is >= 1 and <= 7, ApplyConditionTo.CurrentValidator)
            .WithMessage("'inductionWindowDays' is too short for the induction sessions at the weekly maximum.");
        RuleFor(p => p.InductionMinDaysBetweenDoses).NotNull().InclusiveBetween(1, 60);
        RuleFor(p => p.InductionMaxSessionsPerWeek).NotNull().InclusiveBetween(1, 7);
        RuleFor(p => p.InductionWeekdays).NotNull()
            .Must(days => days!.Count > 0).WithMessage("'inductionWeekdays' needs at least one weekday.")
            .Must(days => days!.Distinct().Count() == days!.Count).WithMessage("'inductionWeekdays' lists a weekday twice.");
        RuleForEach(p => p.InductionWeekdays).IsInEnum();
        RuleFor(p => p.MaintenanceMinDaysBetweenDoses).NotNull().InclusiveBetween(1, 60);
        RuleFor(p => p.MaintenanceSessionsPerReevaluation).InclusiveBetween(0, MaxSessions);
        RuleFor(p => p.CheckInMinutes).NotNull().InclusiveBetween(0, 600);
        RuleFor(p => p.DosingMinutes).NotNull().InclusiveBetween(0, 600);
        RuleFor(p => p.MonitoringMinutes).NotNull().InclusiveBetween(0, 600)
            .GreaterThanOrEqualTo(EsketamineMinMonitoringMinutes)
            .When(p => p.Treatment == IntendedTreatment.Esketamine, ApplyConditionTo.CurrentValidator)
            .WithMessage($"'monitoringMinutes' must be at least {EsketamineMinMonitoringMinutes} for esketamine (Spravato REMS).");
        RuleFor(p => p.BufferMinutes).NotNull().InclusiveBetween(0, 600)
            .Must((p, buffer) => (p.CheckInMinutes ?? 0) + (p.DosingMinutes ?? 0) + (p.MonitoringMinutes ?? 0) + buffer > 0)
            .WithMessage("A session must last at least one minute.");

        RuleFor(p => p.Doses).NotNull()
            .Must(doses => doses!.Count is >= 1 and <= 20).WithMessage("'doses' needs 1-20 rules.");
        RuleForEach(p => p.Doses).NotNull().SetValidator(new DoseRuleInputValidator());
        RuleForEach(p => p.Doses).SetValidator(new EsketamineDoseValidator()).When(p => p.Treatment == IntendedTreatment.Esketamine);
        RuleForEach(p => p.Doses).SetValidator(new IvKetamineDoseValidator()).When(p => p.Treatment == IntendedTreatment.IvKetamine);
        RuleFor(p => p.Doses)
            .Custom((doses, context) => CheckCoverage(context.InstanceToValidate, doses!, context))
            .When(p => p.Doses is { Count: >= 1 and <= 20 } doses && doses.All(DoseRuleInputValidator.IsWellFormed)
                && p.InductionSessions is >= 1 and <= MaxSessions && p.MaintenanceSessionsPerReevaluation is null or (>= 0 and <= MaxSessions));
    }

    /// <summary>Every session of a phase the protocol runs is covered by exactly one rule, and no rule covers sessions it does not run.</summary>
    private static void CheckCoverage(CreateProtocol protocol, IReadOnlyList<DoseRuleInput> doses, ValidationContext<CreateProtocol> context)
    {
        var induction = protocol.InductionSessions!.Value;
        CheckPhase(CoursePhase.Induction, induction, doses, context);
        if (protocol.MaintenanceSessionsPerReevaluation == 0)
        {
            if (doses.Any(d => d.Phase == CoursePhase.Maintenance))
            {
                context.AddFailure("doses", "A protocol without maintenance (cap 0) has no Maintenance dose rules.");
            }
        }
        else
        {
            CheckPhase(CoursePhase.Maintenance, protocol.MaintenanceSessionsPerReevaluation, doses, context);
        }
    }

    /// <param name="phase">The phase.</param>
    /// <param name="sessions">Sessions the phase runs; null for "as many as the clinician opens".</param>
    /// <param name="doses">All rules.</param>
    /// <param name="context">Where failures go.</param>
    private static void CheckPhase(CoursePhase phase, int? sessions, IReadOnlyList<DoseRuleInput> doses, ValidationContext<CreateProtocol> context)
    {
        var rules = doses.Where(d => d.Phase == phase).OrderBy(d => d.FirstSession).ToList();
        var next = 1; // first session not yet covered
        foreach (var rule in rules)
        {
            if (rule.FirstSession != next)
            {
                context.AddFailure("doses", rule.FirstSession < next
                    ? $"{phase} dose rules overlap at session {rule.FirstSession}."
                    : $"{phase} session {next} has no dose rule.");
                return;
            }

            if (rule.LastSession is null)
            {
                next = int.MaxValue;
                break;
            }

            next = rule.LastSession.Value + 1;
        }

        if (next != int.MaxValue && next <= (sessions ?? int.MaxValue))
        {
            context.AddFailure("doses", sessions is null
                ? $"{phase} needs a dose rule for every session: let the last rule run on (no lastSession)."
                : $"{phase} session {next} has no dose rule.");
        }
        else if (sessions is not null && rules.Count > 0 && rules[^1].FirstSession > sessions)
        {
            context.AddFailure("doses", $"A {phase} dose rule starts after the phase's last session ({sessions}).");
        }
    }
}

/// <summary>Handles <see cref="CreateProtocol"/>.</summary>
public sealed class CreateProtocolHandler(IClinicOpsDbContext db) : IRequestHandler<CreateProtocol, Versioned<ProtocolResponse>>
{
    /// <inheritdoc />
    public async Task<Versioned<ProtocolResponse>> Handle(CreateProtocol request, CancellationToken cancellationToken)
    {
        if (await db.Protocols.AnyAsync(p => p.Code == request.Code, cancellationToken))
        {
            throw CodeTaken(request.Code!);
        }

        var protocol = new TreatmentProtocol(Guid.CreateVersion7(), request.ToDefinition());
        db.Protocols.Add(protocol);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (ConflictException conflict) when (conflict.Code == "unique-violation")
        {
            // The unique index on Code guards the race between two creations with the same code.
            throw CodeTaken(request.Code!);
        }

        return new Versioned<ProtocolResponse>(ProtocolResponse.From(protocol), protocol.Version);
    }

    private static ConflictException CodeTaken(string code) =>
        new("protocol.code-taken", $"A protocol with code '{code}' already exists (retired protocols keep their codes).");
}

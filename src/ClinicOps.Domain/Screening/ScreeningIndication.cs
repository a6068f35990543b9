namespace ClinicOps.Domain.Screening;

/// <summary>
/// What the treatment is for. Each indication has its own rules: esketamine is labelled for treatment-resistant
/// depression and for major depressive disorder with acute suicidal ideation or behaviour; IV ketamine is off-label
/// and follows the clinic's protocol.
/// </summary>
public enum ScreeningIndication
{
    /// <summary>Esketamine: treatment-resistant depression (label; at least two adequate antidepressant trials without response).</summary>
    TreatmentResistantDepression,

    /// <summary>
    /// Esketamine: depressive symptoms in adults with major depressive disorder with acute suicidal ideation or behaviour
    /// (label; 84 mg twice weekly for 4 weeks with an oral antidepressant; the two-trial rule does not apply). Always urgent.
    /// </summary>
    MddWithAcuteSuicidalIdeationOrBehavior,

    /// <summary>IV ketamine under the clinic's own protocol (off-label).</summary>
    ClinicProtocol,
}

/// <summary>Which indications fit which treatment.</summary>
public static class ScreeningIndications
{
    /// <summary>True when <paramref name="indication"/> is one <paramref name="treatment"/> can be screened for.</summary>
    public static bool Fits(IntendedTreatment treatment, ScreeningIndication indication) => treatment switch
    {
        IntendedTreatment.Esketamine => indication is ScreeningIndication.TreatmentResistantDepression
            or ScreeningIndication.MddWithAcuteSuicidalIdeationOrBehavior,
        _ => indication == ScreeningIndication.ClinicProtocol,
    };
}

namespace ClinicOps.Domain.Screening;

/// <summary>
/// Current medication classes asked about on the Spravato REMS Patient Monitoring Form; each can add to
/// sedation or raise blood pressure during treatment.
/// </summary>
public enum ConcomitantMedicationClass
{
    /// <summary>Benzodiazepines (sedation).</summary>
    Benzodiazepine,

    /// <summary>Non-benzodiazepine sedative-hypnotics such as zolpidem (sedation).</summary>
    NonBenzodiazepineSedativeHypnotic,

    /// <summary>Psychostimulants such as amphetamines or methylphenidate (blood pressure).</summary>
    Psychostimulant,

    /// <summary>Monoamine oxidase inhibitors (blood pressure).</summary>
    Maoi,

    /// <summary>Opioids (sedation and respiratory depression).</summary>
    Opioid,
}

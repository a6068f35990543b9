namespace ClinicOps.Domain.Screening;

/// <summary>The treatment the patient is being screened for.</summary>
public enum IntendedTreatment
{
    /// <summary>Esketamine nasal spray (Spravato), FDA-approved and dispensed under the Spravato REMS.</summary>
    Esketamine,

    /// <summary>Intravenous ketamine, used off-label; clinics copy the esketamine safeguards.</summary>
    IvKetamine,
}

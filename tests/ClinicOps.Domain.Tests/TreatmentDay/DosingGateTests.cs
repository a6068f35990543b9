using ClinicOps.Domain.Screening;
using ClinicOps.Domain.TreatmentDay;

namespace ClinicOps.Domain.Tests.TreatmentDay;

public sealed class DosingGateTests
{
    private static DosingGateInput Ready(IntendedTreatment treatment = IntendedTreatment.Esketamine) => new(
        treatment, true, new BloodPressure(128, 80), ScreeningThresholds.Default, true, true, true, "dr-lee", true);

    [Fact]
    public void A_ready_patient_passes_every_pre_dose_check_per_Spravato_REMS()
    {
        Assert.Empty(DosingGate.Evaluate(Ready()));
    }

    public static TheoryData<DosingGateInput, string, bool> Failing => new()
    {
        { Ready() with { RideConfirmed = false }, DosingChecks.Ride, true },
        { Ready() with { PreDoseBloodPressure = new BloodPressure(141, 80) }, DosingChecks.PreDoseBloodPressure, true },
        { Ready() with { PreDoseBloodPressure = new BloodPressure(140, 91) }, DosingChecks.PreDoseBloodPressure, true },
        { Ready() with { PreDoseBloodPressure = null }, DosingChecks.PreDoseBloodPressureTaken, false },
        { Ready() with { ScreeningCleared = false }, DosingChecks.ScreeningCleared, true },
        { Ready() with { PatientEnrolledInRems = false }, DosingChecks.Rems, false },
        { Ready() with { SiteRemsCertified = false }, DosingChecks.Rems, false },
        { Ready() with { SupervisingPrescriber = " " }, DosingChecks.PrescriberOnsite, false },
        { Ready() with { PulseOximeterOnsite = false }, DosingChecks.PulseOximeter, false },
    };

    [Theory]
    [MemberData(nameof(Failing))]
    public void Each_pre_dose_check_fails_alone_and_only_the_clinical_ones_can_be_overridden_per_Spravato_REMS_and_clinic_policy(
        DosingGateInput input, string check, bool overridable)
    {
        var finding = Assert.Single(DosingGate.Evaluate(input));

        Assert.Equal((check, overridable), (finding.Check, finding.Overridable));
        Assert.Equal(overridable ? 0 : 1, DosingGate.Blocking([finding], [check]).Count);
    }

    [Fact]
    public void IV_ketamine_needs_no_REMS_enrollment_per_clinic_protocol()
    {
        Assert.Empty(DosingGate.Evaluate(Ready(IntendedTreatment.IvKetamine) with { PatientEnrolledInRems = false, SiteRemsCertified = false }));
    }

    [Fact]
    public void A_threshold_of_exactly_140_over_90_passes_per_esketamine_monograph()
    {
        Assert.Empty(DosingGate.Evaluate(Ready() with { PreDoseBloodPressure = new BloodPressure(140, 90) }));
    }
}

// Impulses recorded by a vendor vHIT system (ICS Impulse XML, read by interop) analysed with the same
// definitions as Purkinje's own head impulses, so that both can be compared and followed over time.

#include "vestibular_common.hpp"
#include "purkinje/core/names.hpp"

namespace purkinje::assess {

ProtocolInfo vhit_import_protocol() {
    ProtocolInfo p;
    p.key = names::kVhitImport;
    p.title = "Imported vendor vHIT";
    p.examiner_instructions =
        "Export the test from the vendor workstation (ICS Impulse: XML export) and import it with "
        "`purkinje-cli import-vhit`; the vendor's own gains are kept beside Purkinje's.";
    p.patient_instructions = "(recorded on the vendor system)";
    p.view = View::Import;
    p.channels = {names::kHeadVelocity, names::kEyeVelocity};
    p.min_rate_hz = detail::kMinImpulseRateHz;
    p.recommended_rate_hz = 250;
    p.limits = "As the vendor recorded it: ICS exports are resampled to 250 Hz; deleted impulses are not analysed.";
    return p;
}

ProtocolAnalysis analyse_vhit_import(const std::vector<Recording>& impulses, const AnalysisOptions& options) {
    ProtocolAnalysis out;
    out.protocol = names::kVhitImport;
    std::vector<detail::Impulse> analysed;
    for (const auto& r : impulses)
        if (auto imp = detail::impulse_from_velocity_channels(r)) analysed.push_back(std::move(*imp));
    detail::FindingList f(out, options);
    detail::add_impulse_findings(analysed, f, out);
    return out;
}

}  // namespace purkinje::assess

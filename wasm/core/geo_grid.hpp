// A position generalized to about 1 km: the centre of a fixed grid cell. Snapping (rather than
// noise drawn per call) keeps the answer the same for the same place, so repeated requests
// cannot be averaged back to the real position.
#pragma once

namespace rps::geo {

// Cells are kCellDegrees of latitude high; each latitude band is cut into as many equal cells
// as keep them about as wide as they are high, and a whole number of them fits around the
// globe, so no cell straddles the antimeridian.
inline constexpr double kCellDegrees = 0.01;
inline constexpr double kMinAccuracyMeters = 1000;

struct CoarsePosition {
    bool ok = false;  // false: the input was not a position on Earth, and nothing may be reported
    double latitude = 0;
    double longitude = 0;
    double accuracy = 0;  // metres: covers the whole cell and the fix's own error, in whole km
};

// latitude in [-90, 90], longitude in [-180, 180], accuracy (metres) >= 0, all finite.
CoarsePosition coarsen(double latitude, double longitude, double accuracy_m);

// Distance in metres between two points a few km apart (flat-Earth approximation around their
// mean latitude, which needs no sine or arcsine in the WASM).
double distance_m(double lat1, double lon1, double lat2, double lon2);

}  // namespace rps::geo

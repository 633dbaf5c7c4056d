// SVG imports are strings in the bundle; an empty one keeps LabIcon construction working in tests.
module.exports = '<svg xmlns="http://www.w3.org/2000/svg"></svg>';

const { generateSettingsTypes } = require('../../../scripts/generate-settings-types');

module.exports = generateSettingsTypes;

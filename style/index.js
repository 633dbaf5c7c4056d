// The "styleModule" entry: federated builds load the extension's CSS through this import.
import './base.css';

import '../css/base.css';
